using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// Bob's end of one Cascade run. He picks the public seed and plan, learns every top-level
/// parity of Alice's in one message, then runs the passes in order. Within a pass all BINARY
/// bisections advance together: each round sends one request with the next half-range of every
/// open bisection and gets one response, so a pass costs about log2(k) rounds plus the rounds of
/// the cascades it triggers, whatever the number of errors.
/// </summary>
/// <remarks>Not thread-safe; one instance per run. Split in topical files (<c>.Search.cs</c>).</remarks>
internal sealed partial class CascadeBobSession
{
    private readonly CascadeParameters _parameters;
    private readonly BitString _key;
    private readonly double _qber;
    private readonly IClassicalChannel _channel;
    private readonly byte[] _seed;
    private readonly List<CascadeSearch> _ready = [];
    private readonly List<CascadeSearch> _waiting = [];
    private CascadeKnownParities? _known;
    private CascadePass[] _passes = [];
    private CascadeBlockState[][] _blocks = [];
    private int _currentPass;
    private long _disclosed;
    private long _sent;
    private long _received;
    private long _bytesSent;
    private int _rounds;
    private int _bitsCorrected;

    public CascadeBobSession(CascadeParameters parameters, BitString key, double estimatedQber, IClassicalChannel channel, byte[] publicSeed)
    {
        if (publicSeed.Length != PublicPermutationRandom.SeedLength)
        {
            throw new ArgumentException($"A public seed is {PublicPermutationRandom.SeedLength} bytes.", nameof(publicSeed));
        }

        _seed = publicSeed;
        _parameters = parameters;
        _key = key;
        _qber = estimatedQber;
        _channel = channel;
    }

    public async Task<ReconciliationResult> RunAsync(CancellationToken ct)
    {
        CascadePassPlan[] plan = _parameters.Plan(_key.Length, _qber);
        byte[] seed = _seed;
        await SendAsync(CascadeCodec.EncodeStart(new CascadeStartMessage(_parameters.VariantId, _key.Length, seed, plan)), ct)
            .ConfigureAwait(false);
        BuildPasses(plan, seed);
        ReadTopLevelParities(await ReceiveAsync(ct).ConfigureAwait(false));
        _rounds = 1;

        for (_currentPass = 0; _currentPass < _passes.Length; _currentPass++)
        {
            // A pass's copy and parity differences are taken from the key as it is when the pass
            // starts: mirroring every flip into the passes still to come took most of Bob's time
            // on 1e6-bit blocks (perf: Flip 14 % of a bench postprocess run, 14 passes per flip).
            CascadePass pass = _passes[_currentPass];
            pass.CopyKeyNow();
            CascadeBlockState[] blocks = _blocks[_currentPass];
            for (int b = 0; b < blocks.Length; b++)
            {
                blocks[b].Mismatch = (byte)(blocks[b].AliceParity ^ pass.BlockParity(b));
            }

            for (int b = 0; b < blocks.Length; b++)
            {
                if (blocks[b].Mismatch != 0)
                {
                    StartSearch(_currentPass, b);
                }
            }

            await RunRoundsAsync(ct).ConfigureAwait(false);
        }

        foreach (CascadePass done in _passes)
        {
            done.ClearCopy();
        }

        await SendAsync([(byte)CascadeMessageType.Done], ct).ConfigureAwait(false);
        return new ReconciliationResult(
            _parameters.Name, _key.Length, _disclosed, _rounds, _sent, _received, _bytesSent, _bitsCorrected, _passes.Length);
    }

    /// <summary>Advances every open bisection, one request/response round at a time, until none is left.</summary>
    private async Task RunRoundsAsync(CancellationToken ct)
    {
        var writer = new WireWriter();
        while (true)
        {
            AdvanceReady();
            if (_waiting.Count == 0)
            {
                return;
            }

            await SendAsync(CascadeCodec.EncodeRequest(writer, _waiting), ct).ConfigureAwait(false);
            ReadOnlySpan<byte> bits = CascadeCodec.DecodeParities(
                await ReceiveAsync(ct).ConfigureAwait(false), CascadeMessageType.ParityResponse, _waiting.Count);
            _disclosed += _waiting.Count;
            _rounds++;
            for (int i = 0; i < _waiting.Count; i++)
            {
                _ready.Add(Descend(_waiting[i], (bits[i >> 3] >> (i & 7)) & 1));
            }

            _waiting.Clear();
            writer.Reset();
        }
    }

    private void BuildPasses(CascadePassPlan[] plan, byte[] seed)
    {
        _passes = new CascadePass[plan.Length];
        _blocks = new CascadeBlockState[plan.Length][];
        for (int i = 0; i < plan.Length; i++)
        {
            _passes[i] = CascadePass.Create(i, plan[i], _key, seed, copyNow: false);
            _blocks[i] = new CascadeBlockState[_passes[i].BlockCount];
        }

        _known = _parameters.ReuseKnownParities ? new CascadeKnownParities(_passes) : null;
    }

    private void ReadTopLevelParities(byte[] message)
    {
        int count = 0;
        foreach (CascadePass pass in _passes)
        {
            count += CascadeTopLevel.SentBlockCount(pass, _parameters);
        }

        ReadOnlySpan<byte> bits = CascadeCodec.DecodeParities(message, CascadeMessageType.TopLevelParities, count);
        _disclosed += count;
        int k = 0, wholeKeyParity = 0;
        foreach (CascadePass pass in _passes)
        {
            int sent = CascadeTopLevel.SentBlockCount(pass, _parameters);
            int sum = 0;
            for (int b = 0; b < sent; b++, k++)
            {
                byte alice = (byte)((bits[k >> 3] >> (k & 7)) & 1);
                _blocks[pass.Index][b].AliceParity = alice;
                sum ^= alice;
            }

            if (pass.Index == 0)
            {
                wholeKeyParity = sum;
            }
            else if (sent < pass.BlockCount)
            {
                // The permutation does not change the whole key's parity (see CascadeTopLevel).
                _blocks[pass.Index][sent].AliceParity = (byte)(wholeKeyParity ^ sum);
            }
        }
    }

    private async ValueTask SendAsync(byte[] message, CancellationToken ct)
    {
        _sent++;
        _bytesSent += message.Length;
        await _channel.SendAsync(message, ct).ConfigureAwait(false);
    }

    private async ValueTask<byte[]> ReceiveAsync(CancellationToken ct)
    {
        byte[] message = await _channel.ReceiveAsync(ct).ConfigureAwait(false);
        _received++;
        return message;
    }
}
