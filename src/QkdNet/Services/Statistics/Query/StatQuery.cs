namespace QkdNet.Services.Statistics.Query;

/// <summary>The aggregate functions of the query grammar.</summary>
public enum AggregateKind
{
    Count,
    Sum,
    Mean,
    Variance,
    StdDev,
    Covariance,
    Histogram,
    Min,
    Max,
}

/// <summary>The comparison operators of a filter.</summary>
public enum CompareOp
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

/// <summary>One aggregate: its function, column(s), histogram edges, and where it starts in the query text (1-based).</summary>
public sealed record AggregateSpec(AggregateKind Kind, string? Column, string? Column2, IReadOnlyList<decimal> Edges, int Position)
{
    /// <summary>How the query wrote it, e.g. <c>var(balance)</c>.</summary>
    public string Text { get; init; } = "";
}

/// <summary>A filter condition: column op (number | 'category' | other column).</summary>
public sealed record Condition(string Column, CompareOp Op, decimal? Number, string? Category, string? OtherColumn, int Position);

/// <summary>A parsed query: aggregates, an optional categorical group-by column, filter conditions joined by AND.</summary>
public sealed record StatQuery(IReadOnlyList<AggregateSpec> Aggregates, string? GroupBy, IReadOnlyList<Condition> Filters);
