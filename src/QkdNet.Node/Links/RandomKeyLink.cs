using System.Security.Cryptography;
using QkdNet.Primitives;
using QkdNet.Quantum;

namespace QkdNet.Node.Links;

/// <summary>
/// A development stand-in for a QKD link with both ends: every block is fresh uniform randomness from
/// <see cref="RandomNumberGenerator"/>, handed to both modules under one ID. No physics and no QBER: it
/// exists so load tests can fill pools faster than a Monte-Carlo link can. Never for production keys
/// (nothing quantum protects them). Thread-safe for one consumer per end.
/// </summary>
/// <remarks>
/// Its status reports the rate it really delivered (key bits handed out at that end since the link was created,
/// over the time since then), so key-aware routing weighs it by what it gave rather than by a rate of 0, which
/// would make every random link look stalled next to a simulated one.
/// </remarks>
public sealed class RandomKeyLink
{
    private readonly Module _alice;
    private readonly Module _bob;
    private readonly TimeProvider _time;
    private readonly long _started;

    /// <summary>Creates a link whose blocks hold <paramref name="blockBits"/> bits each; <paramref name="time"/> (default: the system clock) times its rate.</summary>
    public RandomKeyLink(string name, int blockBits, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBits, 8);
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        _alice = new Module(this, name + "/alice");
        _bob = new Module(this, name + "/bob");
        BlockBits = blockBits;
    }

    /// <summary>Bits per block.</summary>
    public int BlockBits { get; }

    /// <summary>One end.</summary>
    public IQkdModule Alice => _alice;

    /// <summary>The other end.</summary>
    public IQkdModule Bob => _bob;

    /// <summary>Bits per second over the link's life so far for <paramref name="blocks"/> delivered blocks (0 before any time passed).</summary>
    private double RateBps(long blocks)
    {
        double seconds = _time.GetElapsedTime(_started).TotalSeconds;
        return seconds > 0 ? blocks * (double)BlockBits / seconds : 0;
    }

    private void Produce()
    {
        BitString bits = BitString.Random(BlockBits);
        var id = Guid.NewGuid();
        // key-grade randomness, but synthetic: no QKD stands behind it, so only a development node takes it
        _alice.Enqueue(new SecretKeyBlock(id, bits, Qber.Zero, IsKeyGrade: true, KeyOrigin.Synthetic));
        _bob.Enqueue(new SecretKeyBlock(id, bits.Clone(), Qber.Zero, IsKeyGrade: true, KeyOrigin.Synthetic));
    }

    private sealed class Module(RandomKeyLink link, string name) : IQkdModule
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<SecretKeyBlock> _blocks = new();
        private long _delivered;

        public string LinkName => name;

        public QkdModuleStatus Status
        {
            get
            {
                long delivered = Interlocked.Read(ref _delivered);
                return new(Qber.Zero, link.RateBps(delivered), delivered, 0, null);
            }
        }

        public ValueTask<SecretKeyBlock> NextKeyBlockAsync(CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SecretKeyBlock? block;
            while (!_blocks.TryDequeue(out block))
            {
                lock (link)
                {
                    if (_blocks.IsEmpty)
                    {
                        link.Produce();
                    }
                }
            }

            Interlocked.Increment(ref _delivered);
            return ValueTask.FromResult(block);
        }

        public void Enqueue(SecretKeyBlock block) => _blocks.Enqueue(block);
    }
}
