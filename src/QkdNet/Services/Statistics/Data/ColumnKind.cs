namespace QkdNet.Services.Statistics.Data;

/// <summary>What a column holds, and so which operations make sense on it.</summary>
public enum ColumnKind
{
    /// <summary>Whole numbers.</summary>
    Integer,

    /// <summary>Decimal fixed point: the stored integer is the value times 10^scale.</summary>
    FixedPoint,

    /// <summary>One of a list of names, stored as its 1-based position in the list; only = and != and group-by apply.</summary>
    Categorical,
}
