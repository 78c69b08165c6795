using System.Collections.Concurrent;
using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Quantum;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// A simulated QKD link with both ends: each block is a key-grade Monte-Carlo run (Alice's bits and
/// both bases from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>) distilled by the
/// two post-processing endpoints over an authenticated in-memory channel. <see cref="Alice"/> and
/// <see cref="Bob"/> are the two <see cref="IQkdModule"/>s the key-management layer pulls from.
/// </summary>
/// <remarks>Thread-safe: blocks run one at a time; each module has its own queue.</remarks>
public sealed class SimulatedQkdLink : IDisposable
{
    private readonly QkdLink _physics;
    private readonly long _pulsesPerBlock;
    private readonly PostProcessingOptions _options;
    private readonly TimeProvider? _time;
    private PostProcessingPair _ends;
    private readonly SemaphoreSlim _blockGate = new(1, 1);

    // Blocks run one at a time under _blockGate and their records die with the block, so one slot array serves them all.
    private readonly SlotStorage _slotStorage = new();
    private readonly Module _alice;
    private readonly Module _bob;
    private long _nextSlot;
    private QkdModuleStatus _status = new(Qber.Zero, 0, 0, 0, null);
    private TaskCompletionSource? _halt; // set while halted after a failed tag; completed by RecommissionAsync

    /// <summary>Creates a link; the initial authentication keys are generated here (as at commissioning).</summary>
    /// <param name="name">Link name for logs and metrics.</param>
    /// <param name="physics">The link's physics.</param>
    /// <param name="pulsesPerBlock">Pulses emitted per post-processing block.</param>
    /// <param name="options">Post-processing options; by default from the source's intensities.</param>
    /// <param name="time">Clock for stage timings.</param>
    public SimulatedQkdLink(string name, QkdLink physics, long pulsesPerBlock, PostProcessingOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(physics);
        ArgumentOutOfRangeException.ThrowIfLessThan(pulsesPerBlock, 1);
        Name = name;
        _physics = physics;
        _pulsesPerBlock = pulsesPerBlock;
        _options = options ?? PostProcessingOptions.For(physics.Source);
        _time = time;
        _ends = new PostProcessingPair(_options, time);
        _alice = new Module(this, name + "/alice");
        _bob = new Module(this, name + "/bob");
    }

    /// <summary>The link's name.</summary>
    public string Name { get; }

    /// <summary>The post-processing options both ends run with.</summary>
    public PostProcessingOptions Options => _options;

    /// <summary>An attack on the quantum channel, switchable at any time (null for none).</summary>
    public Eavesdropper? Eavesdropper { get; set; }

    /// <summary>Alice's end.</summary>
    public IQkdModule Alice => _alice;

    /// <summary>Bob's end.</summary>
    public IQkdModule Bob => _bob;

    /// <summary>
    /// An attack drill on the classical channel: a man in the middle alters one message of the next block, which
    /// Wegman-Carter authentication must catch.
    /// </summary>
    public void TamperWithClassicalChannel() => _ends.TamperWithNextMessage();

    /// <summary>
    /// True after a Wegman-Carter tag failed on the classical channel: the link runs no block until
    /// <see cref="RecommissionAsync"/> (an operator's decision, never automatic).
    /// </summary>
    public bool IsHalted => Volatile.Read(ref _halt) is not null;

    /// <summary>Raised once when the link halts after a failed tag, with the reason (no key material); raised under the block gate, so keep handlers short.</summary>
    public event Action<string>? Halted;

    /// <summary>Times the link has been re-commissioned with fresh authentication keys (after a failed exchange with no sign of an attacker, or by an operator).</summary>
    public int Recommissions { get; private set; }

    /// <summary>
    /// Pulses per block that give about <paramref name="siftedBits"/> sifted signal bits (2e6 by
    /// default) at the link's expected gain. Blocks much smaller than ~1e6 sifted bits cost more
    /// authentication key (64 bits per message, ~1000-2000 Cascade messages per block) than they
    /// yield; see docs/PERFORMANCE.md.
    /// </summary>
    public static long RecommendedPulsesPerBlock(QkdLink physics, double siftedBits = 2e6)
    {
        ArgumentNullException.ThrowIfNull(physics);
        double perPulse = physics.Source.SignalProbability * physics.SiftingFactor *
            QkdNet.Quantum.KeyRate.LinkStatistics.ForIntensity(physics, Intensity.Signal).Gain;
        return (long)Math.Clamp(Math.Ceiling(siftedBits / perPulse), 1e6, 1e12);
    }

    /// <summary>
    /// Runs one block and queues its key (if any) at both ends; returns both reports. While the link is halted
    /// (<see cref="IsHalted"/>) it waits for <see cref="RecommissionAsync"/> first.
    /// </summary>
    public async Task<(BlockReport Alice, BlockReport Bob)> RunBlockAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (Volatile.Read(ref _halt) is { } halt)
            {
                await halt.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await _blockGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_halt is null)
                {
                    return await RunOneBlockAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _blockGate.Release();
            }
        }
    }

    /// <summary>
    /// Re-commissions the link with fresh authentication keys, as an operator does after a halt (an audited admin
    /// action at a node), and lets blocks run again. Waits for a block in progress to finish.
    /// </summary>
    public async Task RecommissionAsync(CancellationToken cancellationToken = default)
    {
        await _blockGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Recommission();
            _status = _status with { AuthenticationFailed = false };
            Interlocked.Exchange(ref _halt, null)?.TrySetResult();
        }
        finally
        {
            _blockGate.Release();
        }
    }

    private async Task<(BlockReport Alice, BlockReport Bob)> RunOneBlockAsync(CancellationToken cancellationToken)
    {
        SimulationOutcome raw = PulseSimulator.KeyGrade(_physics, Eavesdropper).Run(_pulsesPerBlock, _nextSlot, _slotStorage);
        _nextSlot += _pulsesPerBlock;
        try
        {
            var (alice, bob) = await _ends.ProcessAsync(raw.Alice, raw.Bob, cancellationToken).ConfigureAwait(false);
            Record(alice, bob);
            return (alice.Report, bob.Report);
        }
        catch (AuthenticationFailedException e)
        {
            // A tag did not verify: the other end did not send that message, the sign of a man in the middle on the
            // classical channel. Fresh keys handed out here would only give the attacker a fresh start, so the link
            // halts (no more blocks) and says why; an operator re-commissions it after looking.
            Volatile.Write(ref _halt, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            string reason = $"Wegman-Carter authentication failed: {e.Message} (link halted until an operator re-commissions it)";
            (BlockReport Alice, BlockReport Bob) failed = Failed(raw, reason, authenticationFailed: true);
            Halted?.Invoke(reason);
            return failed;
        }
        catch (Exception e) when (e is AuthenticationKeyExhaustedException or ClassicalChannelClosedException or ReconciliationProtocolException)
        {
            // Both ends' message counters and pools may disagree now, with no sign of an attacker: re-commission the
            // pair with fresh authentication keys and report the block as failed.
            Recommission();
            return Failed(raw, $"{e.GetType().Name}: {e.Message} (link re-commissioned)", authenticationFailed: false);
        }
        finally
        {
            raw.Alice.Bits.Clear();
            raw.Bob.Bits.Clear();
        }
    }

    private void Recommission()
    {
        _ends.Dispose();
        _ends = new PostProcessingPair(_options, _time);
        Recommissions++;
    }

    private (BlockReport Alice, BlockReport Bob) Failed(SimulationOutcome raw, string reason, bool authenticationFailed)
    {
        var alice = new BlockOutcome(null, BlockReports.Failed("alice", raw.Alice.Count, reason));
        var bob = new BlockOutcome(null, BlockReports.Failed("bob", raw.Bob.Count, reason));
        Record(alice, bob, authenticationFailed);
        return (alice.Report, bob.Report);
    }

    /// <summary>Zeroes queued keys and the authentication keys.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _halt, null)?.TrySetCanceled();
        _ends.Dispose();
        _alice.Drain();
        _bob.Drain();
        _blockGate.Dispose();
    }

    private void Record(BlockOutcome alice, BlockOutcome bob, bool authenticationFailed = false)
    {
        QkdModuleStatus s = _status;
        double seconds = _pulsesPerBlock / _physics.Source.RepetitionRateHz;
        if (alice.Block is { } a && bob.Block is { } b)
        {
            _alice.Enqueue(a);
            _bob.Enqueue(b);
            _status = new QkdModuleStatus(bob.Report.ReconciledQber, a.Key.Length / seconds, s.BlocksDelivered + 1, s.BlocksAborted, s.LastAbortReason);
        }
        else
        {
            Qber? qber = bob.Report.Estimate is { } estimate ? Qber.Create(estimate.Qber) : s.Qber;
            _status = new QkdModuleStatus(qber, 0, s.BlocksDelivered, s.BlocksAborted + 1, bob.Report.AbortReason ?? "no key delivered")
            {
                AuthenticationFailed = authenticationFailed,
            };
        }
    }

    private sealed class Module(SimulatedQkdLink link, string name) : IQkdModule
    {
        private readonly ConcurrentQueue<SecretKeyBlock> _blocks = new();

        public string LinkName => name;

        public QkdModuleStatus Status => link._status;

        public async ValueTask<SecretKeyBlock> NextKeyBlockAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                if (_blocks.TryDequeue(out SecretKeyBlock? block))
                {
                    return block;
                }

                await link.RunBlockAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void Enqueue(SecretKeyBlock block) => _blocks.Enqueue(block);

        public void Drain()
        {
            while (_blocks.TryDequeue(out SecretKeyBlock? block))
            {
                block.Key.Clear();
            }
        }
    }
}
