using QkdNet.PostProcessing.Pipeline;

namespace QkdNet.Cli;

/// <summary>One block's post-processing, flattened for text and JSON output (times in ms).</summary>
internal sealed record PostprocessSummary(
    string Outcome, string? AbortReason, int Detections, int SiftedBits, int SampleBits,
    double Qber, double QberUpperBound, double SinglePhotonFraction, double SinglePhotonErrorUpperBound,
    string? Reconciler, long DisclosedParityBits, long Messages, int Rounds, double EfficiencyF, long DisclosedBits,
    int SecretKeyBits, long AuthenticationBitsUsed, int DeliveredKeyBits,
    double SiftingMs, double EstimationMs, double ReconciliationMs, double VerificationMs, double AmplificationMs, double TotalMs)
{
    public static PostprocessSummary From(BlockReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StageTimings t = r.Timings;
        return new PostprocessSummary(
            r.Outcome.ToString(), r.AbortReason, r.Detections, r.SiftedBits, r.SampleBits,
            r.Reconciliation is null ? r.Estimate?.Qber ?? 0 : r.ReconciledQber.Fraction, r.Estimate?.QberUpper ?? 0,
            r.Estimate?.SinglePhotonFraction ?? 0, r.Estimate?.SinglePhotonErrorUpper ?? 0,
            r.Reconciliation?.VariantName, r.Reconciliation?.DisclosedParityBits ?? 0,
            (r.Reconciliation?.MessagesSent ?? 0) + (r.Reconciliation?.MessagesReceived ?? 0), r.Reconciliation?.Rounds ?? 0,
            r.Efficiency, r.DisclosedBits, r.SecretKeyBits, r.AuthenticationBitsUsed, r.DeliveredKeyBits,
            t.Sifting.TotalMilliseconds, t.Estimation.TotalMilliseconds, t.Reconciliation.TotalMilliseconds,
            t.Verification.TotalMilliseconds, t.Amplification.TotalMilliseconds, t.Total.TotalMilliseconds);
    }

    public string ToText() => string.Join('\n',
        $"post-processing: {Describe(Outcome)}{(AbortReason is null ? string.Empty : $" ({AbortReason})")}",
        $"  sifted {SiftedBits} bits of {Detections} detections, {SampleBits} disclosed for QBER {Qber:P3} (upper bound {QberUpperBound:P3})",
        $"  single-photon fraction >= {SinglePhotonFraction:P1}, e1 <= {SinglePhotonErrorUpperBound:P2}",
        Reconciler is null ? "  not reconciled" : $"  {Reconciler}: {DisclosedParityBits} parity bits in {Rounds} rounds ({Messages} messages), f = {EfficiencyF:0.000}",
        $"  secret key {SecretKeyBits} bits; authentication used {AuthenticationBitsUsed} bits; delivered {DeliveredKeyBits} bits",
        $"  time (ms): sifting {SiftingMs:0.0}, estimation {EstimationMs:0.0}, reconciliation {ReconciliationMs:0.0}, verification {VerificationMs:0.0}, amplification {AmplificationMs:0.0}, total {TotalMs:0.0}");

    /// <summary>The outcome in words (the JSON keeps the enum name, which scripts match on).</summary>
    internal static string Describe(string outcome) => outcome switch
    {
        nameof(BlockOutcomeKind.Key) => "secret key distilled at both ends",
        nameof(BlockOutcomeKind.AbortedEstimation) => "block aborted at parameter estimation (QBER too high or no key possible)",
        nameof(BlockOutcomeKind.AbortedVerification) => "block aborted at verification (the ends still differ after reconciliation)",
        nameof(BlockOutcomeKind.AbortedNoKey) => "block aborted: privacy amplification left no secret bits",
        _ => outcome,
    };
}
