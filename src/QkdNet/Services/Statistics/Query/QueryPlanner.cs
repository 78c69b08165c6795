using System.Numerics;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Field;

namespace QkdNet.Services.Statistics.Query;

/// <summary>
/// Checks a parsed query against a table's schema (unknown columns, type mismatches, aggregates that could wrap around
/// the field) and turns it into a <see cref="QueryPlan"/>. Every party plans the same query the same way.
/// Thread-safe (no state).
/// </summary>
public static class QueryPlanner
{
    public static Result<QueryPlan> Plan(StatQuery query, TableSchema schema, long rows)
    {
        var comparisons = new List<LessThanZeroItem>();
        var filters = new List<FilterTerm>();
        var histograms = new List<HistogramPlan>();
        var sums = new List<string>();
        var products = new List<(string, string)>();
        var extremes = new List<ExtremePlan>();
        try
        {
            foreach (Condition condition in query.Filters)
            {
                filters.Add(Filter(condition, schema, comparisons));
            }

            ColumnSchema? groupBy = null;
            if (query.GroupBy is { } name)
            {
                groupBy = Column(schema, name, 0);
                if (groupBy.Kind != ColumnKind.Categorical)
                {
                    throw Problem($"cannot group by '{groupBy.Name}': it is {Describe(groupBy)}, and groups are categorical columns.");
                }
            }

            foreach (AggregateSpec aggregate in query.Aggregates)
            {
                if (aggregate.Kind is AggregateKind.Min or AggregateKind.Max)
                {
                    extremes.Add(Extreme(aggregate, schema));
                    continue;
                }

                Aggregate(aggregate, schema, rows, comparisons, histograms, sums, products);
            }

            return new QueryPlan(query, schema, rows, comparisons, filters, groupBy, histograms, sums, products, extremes);
        }
        catch (InvalidOperationException e)
        {
            return Result<QueryPlan>.Fail(e.Message);
        }
    }

    private static void Aggregate(
        AggregateSpec aggregate, TableSchema schema, long rows, List<LessThanZeroItem> comparisons,
        List<HistogramPlan> histograms, List<string> sums, List<(string, string)> products)
    {
        if (aggregate.Kind == AggregateKind.Count)
        {
            return;
        }

        ColumnSchema x = Numeric(schema, aggregate.Column!, aggregate);
        AddOnce(sums, x.Name);
        CheckFits(aggregate, $"the sum of {x.Name}", rows * (BigInteger)x.MaxAbs);
        switch (aggregate.Kind)
        {
            case AggregateKind.Variance or AggregateKind.StdDev:
                if (rows * (BigInteger)x.MaxAbs * x.MaxAbs > Fp61.MaxSigned && x.LimbBits is not null)
                {
                    // sum x^2 = 2^(2b) sum h^2 + 2^(b+1) sum h l + sum l^2 with x = h 2^b + l: three sums that fit.
                    var (high, low) = x.LimbNames;
                    CheckFits(aggregate, $"the sum of squares of the high limb of {x.Name}", rows * (BigInteger)x.MaxAbsOf(high) * x.MaxAbsOf(high));
                    CheckFits(aggregate, $"the sum of limb products of {x.Name}", rows * (BigInteger)x.MaxAbsOf(high) * x.MaxAbsOf(low));
                    CheckFits(aggregate, $"the sum of squares of the low limb of {x.Name}", rows * (BigInteger)x.MaxAbsOf(low) * x.MaxAbsOf(low));
                    AddOnce(products, (high, high));
                    AddOnce(products, (high, low));
                    AddOnce(products, (low, low));
                    break;
                }

                CheckFits(aggregate, $"the sum of squares of {x.Name}", rows * (BigInteger)x.MaxAbs * x.MaxAbs);
                AddOnce(products, (x.Name, x.Name));
                break;
            case AggregateKind.Covariance:
                ColumnSchema y = Numeric(schema, aggregate.Column2!, aggregate);
                AddOnce(sums, y.Name);
                CheckFits(aggregate, $"the sum of {y.Name}", rows * (BigInteger)y.MaxAbs);
                CheckFits(aggregate, $"the sum of products of {x.Name} and {y.Name}", rows * (BigInteger)x.MaxAbs * y.MaxAbs);
                AddOnce(products, (x.Name, y.Name));
                break;
            case AggregateKind.Histogram:
                var items = new List<int>();
                var labels = new List<string>();
                string previous = "-inf";
                foreach (decimal edge in aggregate.Edges)
                {
                    // x < edge  <=>  x_stored < ceil(edge 10^s)  <=>  x - ceil(edge 10^s) < 0.
                    long bound = Scaled(x, edge, ceiling: true, aggregate.Position);
                    items.Add(AddComparison(comparisons, x, 1, null, 0, -bound));
                    labels.Add($"[{previous}, {edge})");
                    previous = edge.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                labels.Add($"[{previous}, inf)");
                histograms.Add(new HistogramPlan(aggregate, items, labels));
                break;
        }
    }

    // min/max compare differences a - b of two values of the column: |a - b| <= max - min.
    private static ExtremePlan Extreme(AggregateSpec aggregate, TableSchema schema)
    {
        ColumnSchema x = Numeric(schema, aggregate.Column!, aggregate);
        int bits = (int)new BigInteger(x.Max - x.Min).GetBitLength() + 1;
        return bits > 36
            ? throw Problem($"{aggregate.Text} (position {aggregate.Position}): the values of '{x.Name}' span {bits} bits; the engine compares values of at most 36 bits.")
            : new ExtremePlan(aggregate, x.Name, aggregate.Kind == AggregateKind.Max, Math.Max(bits, 2));
    }

    private static FilterTerm Filter(Condition condition, TableSchema schema, List<LessThanZeroItem> comparisons)
    {
        ColumnSchema x = Column(schema, condition.Column, condition.Position);
        if (x.Kind == ColumnKind.Categorical)
        {
            if (condition.Op is not (CompareOp.Equal or CompareOp.NotEqual))
            {
                throw Problem($"position {condition.Position}: '{x.Name}' is categorical; only = and != compare it.");
            }

            if (condition.Category is null)
            {
                throw Problem($"position {condition.Position}: compare categorical '{x.Name}' with a quoted category, e.g. {x.Name} = '{x.Categories[0]}'.");
            }

            int code = x.CategoryCode(condition.Category)
                ?? throw Problem($"position {condition.Position}: '{condition.Category}' is not a category of '{x.Name}' ({string.Join(", ", x.Categories)}).");
            return new FilterTerm(0, [], x.Name, code, condition.Op == CompareOp.NotEqual);
        }

        if (condition.Category is not null)
        {
            throw Problem($"position {condition.Position}: '{x.Name}' is {Describe(x)}; compare it with a number, not '{condition.Category}'.");
        }

        int lt, gt;
        if (condition.OtherColumn is { } otherName)
        {
            ColumnSchema y = Column(schema, otherName, condition.Position);
            if (y.Kind == ColumnKind.Categorical || y.Scale != x.Scale)
            {
                throw Problem($"position {condition.Position}: cannot compare '{x.Name}' ({Describe(x)}) with '{y.Name}' ({Describe(y)}).");
            }

            // x < y  <=>  x - y < 0;  x > y  <=>  y - x < 0; the others from these two.
            lt = AddComparison(comparisons, x, 1, y, -1, 0);
            gt = AddComparison(comparisons, x, -1, y, 1, 0);
            return Combine(condition.Op, lt, gt);
        }

        decimal c = condition.Number!.Value;
        long floor = Scaled(x, c, ceiling: false, condition.Position);
        long ceiling = Scaled(x, c, ceiling: true, condition.Position);
        return condition.Op switch
        {
            CompareOp.Less => Single(AddComparison(comparisons, x, 1, null, 0, -ceiling)),                  // x - ceil(c) < 0
            CompareOp.LessOrEqual => Single(AddComparison(comparisons, x, 1, null, 0, -(floor + 1))),       // x - floor(c) - 1 < 0
            CompareOp.Greater => Single(AddComparison(comparisons, x, -1, null, 0, floor)),                 // floor(c) - x < 0
            CompareOp.GreaterOrEqual => Single(AddComparison(comparisons, x, -1, null, 0, ceiling - 1)),    // ceil(c) - 1 - x < 0
            _ when floor != ceiling => new FilterTerm(condition.Op == CompareOp.Equal ? 0 : 1, [], null, 0, false), // never equal
            _ => Combine(condition.Op, AddComparison(comparisons, x, 1, null, 0, -floor), AddComparison(comparisons, x, -1, null, 0, floor)),
        };
    }

    private static FilterTerm Single(int item) => new(0, [(item, 1)], null, 0, false);

    private static FilterTerm Combine(CompareOp op, int lt, int gt) => op switch
    {
        CompareOp.Less => new(0, [(lt, 1)], null, 0, false),
        CompareOp.Greater => new(0, [(gt, 1)], null, 0, false),
        CompareOp.LessOrEqual => new(1, [(gt, -1)], null, 0, false),
        CompareOp.GreaterOrEqual => new(1, [(lt, -1)], null, 0, false),
        CompareOp.Equal => new(1, [(lt, -1), (gt, -1)], null, 0, false),
        _ => new(0, [(lt, 1), (gt, 1)], null, 0, false),
    };

    private static int AddComparison(List<LessThanZeroItem> items, ColumnSchema x, int signX, ColumnSchema? y, int signY, long constant)
    {
        // |a| < 2^(k-1) for every a = signX x + signY y + constant the schema allows.
        BigInteger lo = constant + (signX > 0 ? x.Min : -x.Max), hi = constant + (signX > 0 ? x.Max : -x.Min);
        if (y is not null)
        {
            lo += signY > 0 ? y.Min : -y.Max;
            hi += signY > 0 ? y.Max : -y.Min;
        }

        BigInteger magnitude = BigInteger.Max(BigInteger.Abs(lo), BigInteger.Abs(hi));
        int bits = (int)magnitude.GetBitLength() + 1;
        if (bits > 36)
        {
            throw Problem($"a comparison on '{x.Name}' spans {bits} bits; the engine compares values of at most 36 bits (statistical masking in a 61-bit field).");
        }

        items.Add(new LessThanZeroItem(x.Name, signX, y?.Name, signY, constant, Math.Max(bits, 2)));
        return items.Count - 1;
    }

    private static long Scaled(ColumnSchema x, decimal value, bool ceiling, int position)
    {
        decimal scaled = value * Pow10(x.Scale);
        decimal rounded = ceiling ? decimal.Ceiling(scaled) : decimal.Floor(scaled);
        return Math.Abs(rounded) > 1e15m
            ? throw Problem($"position {position}: {value} is far outside '{x.Name}'.")
            : (long)rounded;
    }

    private static decimal Pow10(int scale) => scale == 0 ? 1m : 10m * Pow10(scale - 1);

    private static void CheckFits(AggregateSpec aggregate, string what, BigInteger bound)
    {
        if (bound > Fp61.MaxSigned)
        {
            throw Problem($"{aggregate.Text} (position {aggregate.Position}): {what} can reach {(double)bound:E2}, beyond what the field F_p, p = 2^61 - 1, holds ({(double)Fp61.MaxSigned:E2}); it would wrap around. Query fewer rows or a column with a narrower range.");
        }
    }

    private static ColumnSchema Numeric(TableSchema schema, string name, AggregateSpec aggregate)
    {
        ColumnSchema column = Column(schema, name, aggregate.Position);
        return column.Kind == ColumnKind.Categorical
            ? throw Problem($"{aggregate.Text} (position {aggregate.Position}): '{column.Name}' is categorical; it has no {aggregate.Kind.ToString().ToLowerInvariant()}. Group by it instead.")
            : column;
    }

    private static ColumnSchema Column(TableSchema schema, string name, int position) =>
        schema.Find(name) ?? throw Problem($"{(position > 0 ? $"position {position}: " : "")}unknown column '{name}' in table '{schema.Name}' (columns: {string.Join(", ", schema.Columns.Select(c => c.Name))}).");

    private static string Describe(ColumnSchema column) => column.Kind switch
    {
        ColumnKind.Categorical => "categorical",
        ColumnKind.FixedPoint => $"fixed point with {column.Scale} decimals",
        _ => "an integer column",
    };

    private static void AddOnce<T>(List<T> list, T item)
    {
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }

    private static InvalidOperationException Problem(string message) => new(message);
}
