using QkdNet.PostProcessing.Reconciliation;
using QkdNet.PostProcessing.Verification;
using QkdNet.Primitives;
using QkdNet.Quantum;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>The report steps Alice's and Bob's engines share, so both ends describe a block alike.</summary>
internal static class BlockReports
{
    /// <summary>The report after estimation; marked aborted until a later step says otherwise.</summary>
    public static BlockReport Estimated(string role, int detections, int sampleBits, int keyBits, ParameterEstimate estimate, TimeSpan sifting, TimeSpan estimation) => new()
    {
        Role = role,
        Detections = detections,
        SiftedBits = sampleBits + keyBits,
        SampleBits = sampleBits,
        Estimate = estimate,
        Outcome = BlockOutcomeKind.AbortedEstimation,
        AbortReason = estimate.AbortReason,
        Timings = new StageTimings(sifting, estimation, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero),
    };

    /// <summary>Adds reconciliation and verification; <paramref name="bitsCorrected"/> is Bob's count, which he announces.</summary>
    public static BlockReport Reconciled(BlockReport report, ReconciliationResult reconciliation, int bitsCorrected, TimeSpan reconciling, TimeSpan verifying)
    {
        int n = reconciliation.KeyLengthBits;
        double qber = n > 0 ? (double)bitsCorrected / n : 0;
        return report with
        {
            Reconciliation = reconciliation,
            ReconciledQber = Qber.Create(qber),
            Efficiency = qber > 0 && n > 0 ? reconciliation.DisclosedParityBits / (n * Entropy.Binary(qber)) : 0,
            DisclosedBits = reconciliation.DisclosedParityBits + KeyVerifier.LeakedBits,
            Timings = report.Timings with { Reconciliation = reconciling, Verification = verifying },
        };
    }

    /// <summary>The outcome of a block whose verification hashes differed (a frame error).</summary>
    public static BlockOutcome VerificationFailed(BlockReport report) => new(null, report with
    {
        Outcome = BlockOutcomeKind.AbortedVerification,
        AbortReason = "verification hashes differ after reconciliation",
    });

    /// <summary>The outcome after privacy amplification: the key, or "no secret bits" when it is empty.</summary>
    public static BlockOutcome Amplified(BlockReport report, Guid blockId, BitString? secret, bool keyGrade, TimeSpan amplifying)
    {
        report = report with
        {
            Outcome = secret is null ? BlockOutcomeKind.AbortedNoKey : BlockOutcomeKind.Key,
            AbortReason = secret is null ? "no secret bits left after privacy amplification" : null,
            SecretKeyBits = secret?.Length ?? 0,
            Timings = report.Timings with { Amplification = amplifying },
        };
        // the engines distil detection records of the pulse simulator: its key is simulated, however random its choices
        return new BlockOutcome(secret is null ? null : new SecretKeyBlock(blockId, secret, report.ReconciledQber, keyGrade, KeyOrigin.Simulated), report);
    }

    /// <summary>The report of a block whose exchange failed before it could finish.</summary>
    public static BlockReport Failed(string role, int detections, string reason) => new()
    {
        Role = role,
        Detections = detections,
        SiftedBits = 0,
        SampleBits = 0,
        Outcome = BlockOutcomeKind.Failed,
        AbortReason = reason,
        Timings = new StageTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero),
    };
}
