namespace QkdNet.PostProcessing.Pipeline;

/// <summary>Wall time spent in each stage of one block at one end.</summary>
public sealed record StageTimings(TimeSpan Sifting, TimeSpan Estimation, TimeSpan Reconciliation, TimeSpan Verification, TimeSpan Amplification)
{
    /// <summary>The sum of the stages.</summary>
    public TimeSpan Total => Sifting + Estimation + Reconciliation + Verification + Amplification;
}
