using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Quantum;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>What happened to one block at one end. Holds no key bits.</summary>
public sealed record BlockReport
{
    /// <summary>"alice" or "bob".</summary>
    public required string Role { get; init; }

    /// <summary>Raw detections in the block.</summary>
    public required int Detections { get; init; }

    /// <summary>Sifted signal bits (the key candidates, before sampling).</summary>
    public required int SiftedBits { get; init; }

    /// <summary>Sifted signal bits disclosed to estimate the QBER.</summary>
    public required int SampleBits { get; init; }

    /// <summary>The parameter estimate, or null if the block ended before it.</summary>
    public ParameterEstimate? Estimate { get; init; }

    /// <summary>The reconciliation outcome, or null if the block ended before it.</summary>
    public ReconciliationResult? Reconciliation { get; init; }

    /// <summary>QBER of the reconciled key: bits Bob corrected / key length.</summary>
    public Qber ReconciledQber { get; init; }

    /// <summary>Reconciliation efficiency f = disclosed parity bits / (n H2(QBER)); 0 if not reconciled.</summary>
    public double Efficiency { get; init; }

    /// <summary>Bits disclosed about the reconciled key: parities plus the verification hash.</summary>
    public long DisclosedBits { get; init; }

    /// <summary>Bits of secret key produced (before the authentication pools take their share).</summary>
    public int SecretKeyBits { get; init; }

    /// <summary>Bits of secret key delivered after refilling the authentication pools.</summary>
    public int DeliveredKeyBits { get; init; }

    /// <summary>Authentication key bits consumed by this block's messages, both directions.</summary>
    public long AuthenticationBitsUsed { get; init; }

    /// <summary>The outcome.</summary>
    public required BlockOutcomeKind Outcome { get; init; }

    /// <summary>Why the block was discarded, or null.</summary>
    public string? AbortReason { get; init; }

    /// <summary>Wall time of each stage.</summary>
    public required StageTimings Timings { get; init; }
}
