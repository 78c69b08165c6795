using QkdNet.KeyManagement.Pools;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Simulation;

/// <summary>
/// The key level of one link's pool in simulated time, under the key store's rules (<see cref="PoolOptions"/>:
/// capacity, watermarks). Filled lazily: between two looks the level only grows, so the level at a look is
/// min(capacity, level + key made since), and key made into a full pool is counted as wasted. Not thread-safe.
/// </summary>
internal sealed class SimulatedPool
{
    private readonly PoolOptions _options;
    private readonly KeyArrivalMode _mode;
    private readonly double _blockBits;
    private double _last;
    private double _rateBps;
    private double _nextBlockAt = double.PositiveInfinity;

    public SimulatedPool(PoolOptions options, double initialBits, KeyArrivalMode mode, double blockBits)
    {
        _options = options;
        _mode = mode;
        _blockBits = blockBits;
        LevelBits = Math.Min(initialBits, options.CapacityBits);
    }

    /// <summary>Key held, in bits.</summary>
    public double LevelBits { get; private set; }

    /// <summary>Key the link made and the pool took, in bits.</summary>
    public double SuppliedBits { get; private set; }

    /// <summary>Key the link made while the pool was full, in bits (lost).</summary>
    public double WastedBits { get; private set; }

    /// <summary>Key taken out for relays, in bits.</summary>
    public double ConsumedBits { get; private set; }

    /// <summary>The rate now, in bits per second.</summary>
    public double RateBps => _rateBps;

    /// <summary>Level as a fraction of capacity.</summary>
    public double Fraction => LevelBits / _options.CapacityBits;

    /// <summary>The watermark state of the level (the key store's <see cref="PoolOptions.StateFor"/>).</summary>
    public PoolState State => _options.StateFor((long)LevelBits);

    /// <summary>Brings the level up to <paramref name="now"/>.</summary>
    public void Advance(double now, SimulationRandom random)
    {
        if (now <= _last)
        {
            return;
        }

        if (_mode == KeyArrivalMode.Fluid)
        {
            Add(_rateBps * (now - _last));
        }
        else
        {
            while (_nextBlockAt <= now)
            {
                Add(_blockBits);
                _nextBlockAt += Exponential(random, _rateBps / _blockBits);
            }
        }

        _last = now;
    }

    /// <summary>Changes the rate from <paramref name="now"/> on (the level is brought up to date first).</summary>
    public void SetRate(double now, double rateBps, SimulationRandom random)
    {
        Advance(now, random);
        if (rateBps == _rateBps && !double.IsPositiveInfinity(_nextBlockAt))
        {
            return;
        }

        _rateBps = rateBps;
        // Block completions are memoryless, so drawing the next one afresh at a rate change is exact.
        _nextBlockAt = _mode == KeyArrivalMode.PoissonBlocks && rateBps > 0 ? now + Exponential(random, rateBps / _blockBits) : double.PositiveInfinity;
    }

    /// <summary>Whether at least <paramref name="bits"/> are held (call <see cref="Advance"/> first).</summary>
    public bool Holds(double bits) => LevelBits >= bits;

    /// <summary>Takes <paramref name="bits"/> out; the caller checked <see cref="Holds"/>.</summary>
    public void Consume(double bits)
    {
        LevelBits -= bits;
        ConsumedBits += bits;
    }

    /// <summary>Seconds until <paramref name="bits"/> are held at the current rate; infinity when the rate is 0.</summary>
    public double SecondsUntil(double bits) =>
        LevelBits >= bits ? 0 : _rateBps > 0 ? (bits - LevelBits) / _rateBps : double.PositiveInfinity;

    internal static double Exponential(SimulationRandom random, double rate) => -Math.Log(random.NextDoubleNonZero()) / rate;

    private void Add(double bits)
    {
        double room = _options.CapacityBits - LevelBits;
        double taken = Math.Min(room, bits);
        LevelBits += taken;
        SuppliedBits += taken;
        WastedBits += bits - taken;
    }
}
