namespace QkdNet.Services.Statistics.Engine;

/// <summary>What a query may reveal.</summary>
public sealed record StatisticsOptions
{
    /// <summary>Groups (and histogram buckets) with fewer records than this are suppressed inside the computation. Default 5; at least 2.</summary>
    public int MinimumGroupSize { get; init; } = 5;

    /// <summary>
    /// Differential privacy budget per group (Laplace mechanism, Dwork, McSherry, Nissim, Smith, TCC 2006): null for
    /// exact answers; otherwise every opened aggregate of a group gets Laplace noise of scale
    /// sensitivity x m / epsilon (m = aggregates opened for the group, sequential composition), added before opening.
    /// </summary>
    public double? Epsilon { get; init; }
}
