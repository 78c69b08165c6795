using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// Alice's end of one Cascade run: she learns the public plan from Bob, sends the top-level
/// parities of every pass at once (her key never changes, so they need not wait for the pass),
/// then answers each batch of Bob's range-parity requests with one message, until he says done.
/// </summary>
internal sealed class CascadeAliceSession
{
    private readonly CascadeParameters _parameters;
    private readonly BitString _key;
    private readonly IClassicalChannel _channel;

    /// <summary>Builds every response in one buffer (parities of Alice's key are public once sent).</summary>
    private readonly WireWriter _responseWriter = new();
    private CascadePass[] _passes = [];
    private long _disclosed;
    private long _sent;
    private long _received;
    private long _bytesSent;
    private int _rounds;

    public CascadeAliceSession(CascadeParameters parameters, BitString key, IClassicalChannel channel)
    {
        _parameters = parameters;
        _key = key;
        _channel = channel;
    }

    public async Task<ReconciliationResult> RunAsync(CancellationToken ct)
    {
        CascadeStartMessage start = CascadeCodec.DecodeStart(await ReceiveAsync(ct).ConfigureAwait(false));
        Validate(start);
        _passes = new CascadePass[start.Plan.Length];
        for (int i = 0; i < _passes.Length; i++)
        {
            _passes[i] = CascadePass.Create(i, start.Plan[i], _key, start.PublicSeed);
        }

        await SendAsync(EncodeTopLevelParities(), ct).ConfigureAwait(false);
        _rounds = 1;
        while (true)
        {
            byte[] message = await ReceiveAsync(ct).ConfigureAwait(false);
            if (CascadeCodec.PeekType(message) == CascadeMessageType.Done)
            {
                CascadeCodec.ExpectDone(message);
                foreach (CascadePass pass in _passes)
                {
                    pass.ClearCopy(); // permuted copies of the key
                }

                break;
            }

            if (CascadeCodec.PeekType(message) != CascadeMessageType.ParityRequest)
            {
                throw new ReconciliationProtocolException(
                    $"Expected a Cascade ParityRequest or Done message, got {CascadeCodec.PeekType(message)}.");
            }

            await SendAsync(Answer(message.AsSpan(1)), ct).ConfigureAwait(false);
            _rounds++;
        }

        return new ReconciliationResult(
            _parameters.Name, _key.Length, _disclosed, _rounds, _sent, _received, _bytesSent, 0, _passes.Length);
    }

    private void Validate(CascadeStartMessage start)
    {
        if (start.VariantId != _parameters.VariantId)
        {
            string bobs = CascadeParameters.FromVariantId(start.VariantId)?.Name ?? $"unknown variant {start.VariantId}";
            throw new ReconciliationProtocolException($"Bob runs {bobs}, Alice runs {_parameters.Name}.");
        }

        if (start.KeyLengthBits != _key.Length)
        {
            throw new ReconciliationProtocolException(
                $"Bob's key has {start.KeyLengthBits} bits, Alice's {_key.Length}.");
        }
    }

    private byte[] EncodeTopLevelParities()
    {
        int count = 0;
        foreach (CascadePass pass in _passes)
        {
            count += CascadeTopLevel.SentBlockCount(pass, _parameters);
        }

        var writer = new WireWriter(8 + (count >> 3));
        Span<byte> bits = CascadeCodec.BeginParities(writer, CascadeMessageType.TopLevelParities, count);
        int k = 0;
        foreach (CascadePass pass in _passes)
        {
            int sent = CascadeTopLevel.SentBlockCount(pass, _parameters);
            for (int b = 0; b < sent; b++, k++)
            {
                bits[k >> 3] |= (byte)(pass.BlockParity(b) << (k & 7));
            }
        }

        _disclosed += count;
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes a parity request (see <see cref="CascadeCodec"/>) and answers each range as it is read,
    /// checking every field and that each range lies inside one top-level block.
    /// </summary>
    private byte[] Answer(ReadOnlySpan<byte> body)
    {
        var r = new WireReader(body);
        // A query takes at least 3 bytes, so a larger count is malformed (and reserves nothing).
        int count = r.ReadVarInt("query count", 1, Math.Max(1, body.Length / 3));
        WireWriter writer = _responseWriter;
        writer.Reset();
        Span<byte> bits = CascadeCodec.BeginParities(writer, CascadeMessageType.ParityResponse, count);
        int n = _key.Length;
        for (int i = 0; i < count; i++)
        {
            CascadePass pass = _passes[r.ReadVarInt("query pass", 0, _passes.Length - 1)];
            int start = r.ReadVarInt("query start", 0, n - 1);
            int length = r.ReadVarInt("query length", 1, n - start);
            if (!pass.IsWithinOneBlock(start, length))
            {
                throw new ReconciliationProtocolException(
                    $"Bob asked for bits [{start}, {start + length}) of pass {pass.Index}, which is not inside one block.");
            }

            bits[i >> 3] |= (byte)(pass.RangeParity(start, length) << (i & 7));
        }

        r.EnsureEnd("parity request");
        _disclosed += count;
        return writer.ToArray();
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
