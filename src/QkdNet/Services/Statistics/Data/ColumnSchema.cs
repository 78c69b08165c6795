namespace QkdNet.Services.Statistics.Data;

/// <summary>
/// One column of a shared table. Values are stored as integers: an integer as itself, a fixed-point value times
/// 10^<see cref="Scale"/>, a category as its 1-based position in <see cref="Categories"/>. <see cref="Min"/> and
/// <see cref="Max"/> bound the stored integers (public metadata: they size comparisons and bound every aggregate so
/// that it cannot wrap around the field).
/// </summary>
public sealed record ColumnSchema
{
    private ColumnSchema(string name, ColumnKind kind, long min, long max, int scale, IReadOnlyList<string> categories)
    {
        Name = name;
        Kind = kind;
        Min = min;
        Max = max;
        Scale = scale;
        Categories = categories;
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    /// <summary>Smallest stored integer allowed.</summary>
    public long Min { get; }

    /// <summary>Largest stored integer allowed.</summary>
    public long Max { get; }

    /// <summary>Decimal digits after the point (fixed point); 0 otherwise.</summary>
    public int Scale { get; }

    /// <summary>The category names (categorical columns); empty otherwise.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Largest magnitude a stored value can have.</summary>
    public long MaxAbs => Math.Max(Math.Abs(Min), Math.Abs(Max));

    /// <summary>
    /// When set, the owner also shares every value split into a high limb (value &gt;&gt; bits) and a low limb
    /// (value mod 2^bits), stored as <see cref="LimbNames"/>; a sum of squares that would wrap around the field is then
    /// computed as three limb sums that fit, 2^(2 bits) sum(h^2) + 2^(bits + 1) sum(h l) + sum(l^2), combined after opening.
    /// </summary>
    public int? LimbBits { get; private init; }

    /// <summary>The stored names of the two limbs (not query columns: a query cannot name them).</summary>
    public (string High, string Low) LimbNames => ($"{Name}.hi", $"{Name}.lo");

    /// <summary>This column, also shared as two limbs of <paramref name="bits"/> low bits (non-negative columns only).</summary>
    public ColumnSchema WithLimbs(int bits) =>
        Min < 0 || bits is < 1 or > 30 ? throw new ArgumentOutOfRangeException(nameof(bits), $"column '{Name}': limbs need a non-negative column and 1 to 30 low bits.")
        : this with { LimbBits = bits };

    /// <summary>
    /// When true (categorical columns only), the owner also shares the one-hot indicators [value = code] of every
    /// category, stored as <see cref="IndicatorName"/>: group membership and = / != filters then need no product at
    /// query time (without them the engine builds each indicator from the powers x^1..x^(K-1), K - 2 products).
    /// </summary>
    public bool HasIndicators { get; private init; }

    /// <summary>The stored name of the indicator column of category <paramref name="code"/> (1-based; not a query column).</summary>
    public string IndicatorName(int code) => $"{Name}.is{code}";

    /// <summary>This categorical column, also shared as one 0/1 indicator column per category.</summary>
    public ColumnSchema WithIndicators() =>
        Kind != ColumnKind.Categorical ? throw new InvalidOperationException($"column '{Name}': only categorical columns have category indicators.")
        : this with { HasIndicators = true };

    /// <summary>The largest stored value of this column (<paramref name="stored"/> = its name) or one of its limbs.</summary>
    public long MaxAbsOf(string stored) =>
        HasIndicators && stored.StartsWith(Name + ".is", StringComparison.Ordinal) ? 1
        : LimbBits is int bits && stored == LimbNames.High ? Max >> bits
        : LimbBits is int low && stored == LimbNames.Low ? Math.Min(Max, (1L << low) - 1)
        : MaxAbs;

    public static ColumnSchema Integer(string name, long min, long max) => Create(name, ColumnKind.Integer, min, max, 0, []);

    /// <summary>A fixed-point column with <paramref name="scale"/> decimals; <paramref name="min"/> and <paramref name="max"/> in stored units (value x 10^scale).</summary>
    public static ColumnSchema FixedPoint(string name, int scale, long min, long max) =>
        scale is < 1 or > 9 ? throw new ArgumentOutOfRangeException(nameof(scale), "a fixed-point scale is 1 to 9 decimals.") : Create(name, ColumnKind.FixedPoint, min, max, scale, []);

    public static ColumnSchema Categorical(string name, IReadOnlyList<string> categories) =>
        categories.Count is < 2 or > 64 ? throw new ArgumentOutOfRangeException(nameof(categories), "a categorical column has 2 to 64 categories.")
        : Create(name, ColumnKind.Categorical, 1, categories.Count, 0, categories.ToArray());

    /// <summary>The stored code of a category name, or null.</summary>
    public int? CategoryCode(string category)
    {
        for (int i = 0; i < Categories.Count; i++)
        {
            if (string.Equals(Categories[i], category, StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return null;
    }

    private static ColumnSchema Create(string name, ColumnKind kind, long min, long max, int scale, IReadOnlyList<string> categories)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (min > max || Math.Abs((double)min) > 1e15 || Math.Abs((double)max) > 1e15)
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"column '{name}': need min <= max, both within 10^15.");
        }

        return new ColumnSchema(name, kind, min, max, scale, categories);
    }
}
