namespace QkdNet.Services.Statistics.Engine;

/// <summary>One statistic of one group. <see cref="Exact"/> is the opened integer (stored units) for count and sum.</summary>
public sealed record AggregateValue(string Name, double Value, long? Exact = null);

/// <summary>The statistics of one group that passed the minimum size.</summary>
public sealed record GroupAnswer(string Group, long Count, IReadOnlyList<AggregateValue> Values);

/// <summary>
/// The answer to a query, identical at every party: the groups that passed, the ones suppressed, and every value
/// opened (<see cref="Revealed"/>), which is all any party or the analyst learned beyond the public schema and row count.
/// </summary>
public sealed record StatisticsAnswer(
    IReadOnlyList<GroupAnswer> Groups,
    IReadOnlyList<string> Suppressed,
    IReadOnlyList<string> Revealed,
    int Rounds,
    int? ComparisonSecurityBits,
    double? Epsilon);
