using QkdNet.Primitives;
using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.Simulation;

/// <summary>
/// Pulse-level Monte-Carlo simulation of decoy-state BB84. Rather than drawing every pulse, it draws
/// the geometric gap to the next pulse that makes a detector click, then draws that pulse's intensity,
/// photons and noise conditioned on the click; the intensities of the silent pulses are drawn in bulk
/// (a multinomial per channel segment). The result has the same distribution as a pulse-by-pulse run
/// and costs time per detection, not per pulse.
/// </summary>
/// <remarks>
/// Per detection: Alice's bit and basis and Bob's basis come from the <see cref="ChoiceSource"/>;
/// photons, losses, dark counts, misalignment and Eve's choices from the seeded
/// <see cref="SimulationRandom"/>. Each photon reaching Bob hits the detector of its state's bit
/// with probability 1 - e_d when the bases agree, either detector with probability 1/2 when they
/// differ; a double click is squashed to a random bit. Not thread-safe; one instance per run.
/// </remarks>
public sealed partial class PulseSimulator
{
    /// <summary>Channel segments for time-varying channels last this long in link time.</summary>
    private static readonly TimeSpan SegmentDuration = TimeSpan.FromMilliseconds(10);

    private readonly QkdLink _link;
    private readonly Eavesdropper? _eve;
    private readonly ChoiceSource _choices;
    private readonly SimulationRandom _random;

    /// <summary>Creates a simulator.</summary>
    /// <param name="link">The link's physics.</param>
    /// <param name="choices">Source of Alice's bits and both bases (cryptographic for key-grade runs).</param>
    /// <param name="physicsSeed">Seed of the physics generator.</param>
    /// <param name="eavesdropper">An attack, or null for an honest channel.</param>
    public PulseSimulator(QkdLink link, ChoiceSource choices, ulong physicsSeed, Eavesdropper? eavesdropper = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(choices);
        _link = link;
        _choices = choices;
        _eve = eavesdropper;
        _random = new SimulationRandom(physicsSeed);
    }

    /// <summary>A reproducible research run: choices and physics from <paramref name="seed"/>; never key-grade.</summary>
    public static PulseSimulator Seeded(QkdLink link, ulong seed, Eavesdropper? eavesdropper = null) =>
        new(link, new SeededChoiceSource(seed), seed, eavesdropper);

    /// <summary>A key-grade run: choices from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>.</summary>
    public static PulseSimulator KeyGrade(QkdLink link, Eavesdropper? eavesdropper = null) =>
        new(link, new CryptographicChoiceSource(), BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), eavesdropper);

    /// <summary>Emits <paramref name="pulses"/> pulses starting at slot <paramref name="firstSlot"/> and returns both records.</summary>
    public SimulationOutcome Run(long pulses, long firstSlot = 0) => Run(pulses, firstSlot, storage: null);

    /// <summary>
    /// As <see cref="Run(long, long)"/>, the slots written into <paramref name="storage"/> when given: the records returned
    /// then stay valid only until the next run with the same storage.
    /// </summary>
    public SimulationOutcome Run(long pulses, long firstSlot, SlotStorage? storage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pulses);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSlot);
        double rep = _link.Source.RepetitionRateHz;
        long deadSlots = (long)Math.Ceiling(_link.Detector.DeadTimeSeconds * rep);
        long segmentSlots = Math.Max(1, (long)(SegmentDuration.TotalSeconds * rep));
        var sink = new RecordBuilder(EstimateDetections(pulses), storage);
        var counts = new RunCounts();
        long end = firstSlot + pulses;
        long candidate = firstSlot;
        while (candidate < end)
        {
            long segmentEnd = Math.Min(end, ((candidate / segmentSlots) + 1) * segmentSlots);
            var tables = TablesAt(TimeSpan.FromSeconds(candidate / rep));
            long segmentStart = candidate;
            long clicks = 0, dead = 0;
            while (true)
            {
                long gap = Geometric(tables.ClickProbability);
                if (gap >= segmentEnd - candidate)
                {
                    break;
                }

                long slot = candidate + gap;
                Detect(slot, tables, sink, counts);
                clicks++;
                long next = Math.Min(segmentEnd, slot + 1 + deadSlots);
                dead += next - slot - 1;
                candidate = next;
            }

            // Segment done: the silent live slots and the dead slots still carried pulses of some intensity.
            long silent = segmentEnd - segmentStart - clicks - dead;
            AddSilentPulses(silent, tables.SilentIntensityWeights, counts);
            AddSilentPulses(dead, tables.EmissionWeights, counts);
            candidate = segmentEnd;
        }

        return sink.Build(counts, pulses, _choices.IsKeyGrade);
    }

    private SegmentTables? _tables;
    private double _tablesTransmittance = double.NaN;

    /// <summary>The tables for the channel at <paramref name="elapsed"/>, rebuilt only when its transmittance changed.</summary>
    private SegmentTables TablesAt(TimeSpan elapsed)
    {
        double eta = _link.OverallTransmittance(elapsed);
        if (_tables is null || eta != _tablesTransmittance)
        {
            _tables = SegmentTables.For(_link, _eve, elapsed);
            _tablesTransmittance = eta;
        }

        return _tables;
    }

    private int EstimateDetections(long pulses)
    {
        double p = TablesAt(TimeSpan.Zero).ClickProbability;
        double expected = pulses * p;
        double capacity = expected + (6 * Math.Sqrt(expected)) + 1024;
        return (int)Math.Min(capacity, Array.MaxLength / 8);
    }

    /// <summary>Number of failures before the first success of a Bernoulli(p) sequence (inversion).</summary>
    private long Geometric(double p)
    {
        if (p <= 0)
        {
            return long.MaxValue;
        }

        if (p >= 1)
        {
            return 0;
        }

        double logQ = p < 1e-4 ? -p - (p * p / 2) - (p * p * p / 3) : Math.Log(1 - p);
        double g = Math.Floor(Math.Log(_random.NextDoubleNonZero()) / logQ);
        return g >= long.MaxValue ? long.MaxValue : (long)g;
    }

    private void AddSilentPulses(long n, double[] weights, RunCounts counts)
    {
        // Multinomial by successive binomials.
        double rest = 1;
        for (int k = 0; k < weights.Length && n > 0; k++)
        {
            long take = k == weights.Length - 1 ? n : Binomial(n, rest > 0 ? Math.Min(1, weights[k] / rest) : 0);
            counts.Pulses[k] += take;
            n -= take;
            rest -= weights[k];
        }
    }

    /// <summary>A binomial draw: exact (counting geometric gaps) for small means, normal approximation for large.</summary>
    private long Binomial(long n, double p)
    {
        if (p <= 0 || n == 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        if (p > 0.5)
        {
            return n - Binomial(n, 1 - p);
        }

        double mean = n * p;
        if (mean < 50)
        {
            long successes = 0, position = Geometric(p);
            while (position < n)
            {
                successes++;
                long gap = Geometric(p);
                position = gap >= n ? n : position + 1 + gap;
            }

            return successes;
        }

        double draw = Math.Round(mean + (Math.Sqrt(mean * (1 - p)) * _random.NextGaussian()));
        return (long)Math.Clamp(draw, 0, n);
    }
}
