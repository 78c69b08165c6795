using QkdNet.Services.Statistics.Data;

namespace QkdNet.Services.Statistics.Query;

/// <summary>
/// A comparison the engine computes as [a &lt; 0] with a = SignX * x + SignY * y + Constant (x, y stored column values;
/// y optional), and the bit width k with |a| &lt; 2^(k-1) for every value the schema allows.
/// </summary>
public sealed record LessThanZeroItem(string ColumnX, int SignX, string? ColumnY, int SignY, long Constant, int Bits);

/// <summary>One filter condition as a 0/1 shared value: Constant + sum of Coefficient * comparison, or a category
/// indicator (negated for !=).</summary>
public sealed record FilterTerm(long Constant, IReadOnlyList<(int Item, long Coefficient)> Comparisons, string? CategoryColumn, int CategoryCode, bool Negate);

/// <summary>A histogram: the comparison items [x &lt; edge] in edge order, and bucket labels (one more than edges).</summary>
public sealed record HistogramPlan(AggregateSpec Spec, IReadOnlyList<int> EdgeItems, IReadOnlyList<string> Buckets);

/// <summary>A min or max of a column over each group: a tournament of <see cref="Bits"/>-bit comparisons of differences.</summary>
public sealed record ExtremePlan(AggregateSpec Spec, string Column, bool IsMax, int Bits);

/// <summary>What the engine computes for a validated query against a schema.</summary>
public sealed record QueryPlan(
    StatQuery Query,
    TableSchema Schema,
    long Rows,
    IReadOnlyList<LessThanZeroItem> Comparisons,
    IReadOnlyList<FilterTerm> Filters,
    ColumnSchema? GroupBy,
    IReadOnlyList<HistogramPlan> Histograms,
    IReadOnlyList<string> SumColumns,
    IReadOnlyList<(string X, string Y)> ProductColumns,
    IReadOnlyList<ExtremePlan> Extremes);
