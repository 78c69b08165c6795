using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Quantum.Physics;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>Settings both ends of a link must share for post-processing to agree.</summary>
public sealed record PostProcessingOptions
{
    /// <summary>The defaults for a link whose source is <paramref name="source"/> (its signal and decoy intensities).</summary>
    public static PostProcessingOptions For(WeakCoherentSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new PostProcessingOptions { SignalMu = source.SignalMu, DecoyNu = source.DecoyNu };
    }

    /// <summary>Signal mean photon number mu the source used.</summary>
    public required double SignalMu { get; init; }

    /// <summary>Weak decoy mean photon number nu the source used (the other decoy is vacuum).</summary>
    public required double DecoyNu { get; init; }

    /// <summary>The reconciliation protocol (both ends must use the same).</summary>
    public IReconciler Reconciler { get; init; } = new CascadeReconciler(CascadeParameters.Optimized);

    /// <summary>Fraction of the signal sifted bits disclosed to estimate the QBER (0..0.5).</summary>
    public double SampleFraction { get; init; } = 0.05;

    /// <summary>
    /// The block is aborted when the QBER's upper bound passes this (0.11 by default); a node sets it to the link's
    /// <c>qberThreshold</c> from the topology, the same figure the controller quarantines at.
    /// </summary>
    public double MaxQber { get; init; } = 0.11;

    /// <summary>
    /// Standard deviations by which measured gains and error rates are widened to bound their true
    /// values (the statistical-fluctuation treatment of Ma, Qi, Zhao, Lo 2005, Sec. VI); 5 by default.
    /// </summary>
    public double StandardDeviations { get; init; } = 5;

    /// <summary>epsilon_PA: privacy amplification costs 2 log2(1/epsilon_PA) bits (leftover hash lemma).</summary>
    public double PrivacyAmplificationEpsilon { get; init; } = 1e-10;

    /// <summary>
    /// Source of public 32-byte seeds (the QBER sample choice). Fresh from RandomNumberGenerator by
    /// default; tests set a seeded source so a run is reproducible. The seed is announced, so its
    /// predictability costs no secrecy, but an adversary who knew it early could aim errors outside the sample.
    /// </summary>
    public Func<byte[]> PublicSeeds { get; init; } = static () => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    /// <summary>Each authentication pool is refilled to this many bits from every block's output (128 kbit: a block of Cascade opt8 sends up to ~1000 messages of 64 pad bits each way).</summary>
    public int AuthenticationPoolTargetBits { get; init; } = 1 << 17;
}
