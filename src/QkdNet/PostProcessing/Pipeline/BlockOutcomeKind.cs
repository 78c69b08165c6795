namespace QkdNet.PostProcessing.Pipeline;

/// <summary>How a block ended.</summary>
public enum BlockOutcomeKind
{
    /// <summary>A secret key block was produced at both ends.</summary>
    Key,

    /// <summary>Parameter estimation found the QBER too high or no secret key possible.</summary>
    AbortedEstimation,

    /// <summary>The verification hashes differed after reconciliation (a frame error).</summary>
    AbortedVerification,

    /// <summary>Privacy amplification left no secret bits.</summary>
    AbortedNoKey,

    /// <summary>The exchange itself failed (authentication key exhausted, channel closed, protocol violation).</summary>
    Failed,
}
