using System.Globalization;
using System.Numerics;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Field;
using QkdNet.Services.Statistics.Protocol;
using QkdNet.Services.Statistics.Query;

namespace QkdNet.Services.Statistics.Engine;

public static partial class StatisticsEngine
{
    private sealed class Execution(PartyContext context, SharedTable table, QueryPlan plan, StatisticsOptions options, CancellationToken cancellationToken)
    {
        private readonly int _rows = checked((int)table.Rows);
        private readonly Dictionary<string, ulong[][]> _indicators = new(StringComparer.OrdinalIgnoreCase);
        private ulong[][] _comparisons = [];
        private int? _securityBits;

        public async Task<Result<StatisticsAnswer>> RunAsync()
        {
            await CompareAsync().ConfigureAwait(false);
            await IndicatorsAsync().ConfigureAwait(false);
            ulong[]? filter = await FilterAsync().ConfigureAwait(false);
            ulong[][]? groupIndicators = plan.GroupBy is { } groupBy ? _indicators[groupBy.Name] : null;
            List<string> labels = plan.GroupBy is { } by ? [.. by.Categories] : ["all"];
            List<(string Name, ulong[] Indicator)> buckets = BucketIndicators();
            Dictionary<string, ulong[]> columns = await FilteredColumnsAsync(filter, groupIndicators is not null, buckets).ConfigureAwait(false);

            // A group's sum of a (filtered) column: a local dot product with the group's 0/1 indicator, a degree-2t
            // sharing opened like any product; without groups, the plain sum (degree t). The group-by costs no
            // multiplication per group, so rounds and bytes do not grow with the number of groups.
            ulong GroupSum(int g, ulong[] column) => groupIndicators is null ? Fp61.Sum(column) : Fp61.Dot(groupIndicators[g], column);

            var counts = new List<ulong>();
            for (int g = 0; g < labels.Count; g++)
            {
                counts.Add(filter is not null ? GroupSum(g, filter) : groupIndicators is not null ? Fp61.Sum(groupIndicators[g]) : Constant(table.Rows));
            }

            for (int g = 0; g < labels.Count; g++)
            {
                counts.AddRange(buckets.Select(b => GroupSum(g, columns[b.Name])));
            }

            List<ulong[]> extremes = await ExtremesAsync(filter, groupIndicators, labels.Count).ConfigureAwait(false);
            bool weighted = filter is not null || groupIndicators is not null;
            if (groupIndicators is not null && (filter is not null || buckets.Count > 0))
            {
                // The counts are degree-2t sharings; the comparison with the minimum takes degree t (GRR 1998 reduction).
                ulong[] reduced = await context.ReduceDegreeAsync([.. counts], cancellationToken).ConfigureAwait(false);
                counts = [.. reduced];
            }

            // Suppression inside the computation: compare every count with the minimum, open only the pass bits.
            // Without filter or groups the count is the public row count, and so is whether it passes.
            bool[] passes = weighted || buckets.Count > 0
                ? await PassesAsync(counts).ConfigureAwait(false)
                : [table.Rows >= options.MinimumGroupSize];

            var opened = new List<Opened>();
            var suppressed = new List<string>();
            for (int g = 0; g < labels.Count; g++)
            {
                if (!passes[g])
                {
                    suppressed.Add(labels[g]);
                    continue;
                }

                opened.Add(new Opened(g, "count", counts[g], 1));
                foreach (string column in plan.SumColumns)
                {
                    opened.Add(new Opened(g, $"sum({column})", GroupSum(g, columns[$"sum({column})"]), table.Schema.MaxAbsOf(column)));
                }

                foreach ((string cx, string cy) in plan.ProductColumns)
                {
                    ulong share = columns.TryGetValue($"sumproduct({cx},{cy})", out ulong[]? product) ? GroupSum(g, product) : Fp61.Dot(table.Column(cx), table.Column(cy));
                    opened.Add(new Opened(g, $"sumproduct({cx},{cy})", share, (double)table.Schema.MaxAbsOf(cx) * table.Schema.MaxAbsOf(cy)));
                }

                for (int e = 0; e < plan.Extremes.Count; e++)
                {
                    ColumnSchema column = table.Schema.Find(plan.Extremes[e].Column)!;
                    opened.Add(new Opened(g, plan.Extremes[e].Spec.Text, extremes[e][g], (double)column.Max - column.Min));
                }
            }

            for (int g = 0; g < labels.Count; g++)
            {
                for (int b = 0; b < buckets.Count; b++)
                {
                    int index = labels.Count + (g * buckets.Count) + b;
                    if (!passes[g])
                    {
                        continue;
                    }

                    if (!passes[index])
                    {
                        suppressed.Add($"{buckets[b].Name} in {labels[g]}");
                        continue;
                    }

                    opened.Add(new Opened(g, buckets[b].Name, counts[index], 1));
                }
            }

            ulong[] values = await OpenWithNoiseAsync(opened).ConfigureAwait(false);
            return Assemble(labels, opened, values, suppressed);
        }


        private ulong Constant(long value) => Fp61.FromSigned(value);

        /// <summary>
        /// For each min/max aggregate, one degree-t share per group: the rows' values with every row outside the group
        /// or the filter replaced by the column's bound (its minimum for max, its maximum for min, so it never wins),
        /// v = w (x - bound) + bound with w the 0/1 weight, then a tournament: each level compares the first half of
        /// every group's values with the second, [a &lt; b] by the comparison protocol, and keeps
        /// max = a + [a &lt; b] (b - a) (min = b + [a &lt; b] (a - b)), one product; ceil(log2 rows) levels, all groups in
        /// one batch per level (the tournament of Damgard et al. and MPyC's <c>max</c>, with Catrina-de Hoogh comparisons).
        /// </summary>
        private async Task<List<ulong[]>> ExtremesAsync(ulong[]? filter, ulong[][]? groupIndicators, int groups)
        {
            var result = new List<ulong[]>();
            foreach (ExtremePlan extreme in plan.Extremes)
            {
                ColumnSchema column = table.Schema.Find(extreme.Column)!;
                ulong bound = Constant(extreme.IsMax ? column.Min : column.Max);
                var shifted = new ulong[_rows];
                Fp61.Sub(table.Column(column.Name), Enumerable.Repeat(bound, _rows).ToArray(), shifted);
                if (filter is not null)
                {
                    shifted = await context.MultiplyAsync(filter, shifted, cancellationToken).ConfigureAwait(false);
                }

                ulong[][] values = groupIndicators is null
                    ? [shifted]
                    : await context.MultiplyAsync([.. groupIndicators.Select(indicator => (indicator, shifted))], cancellationToken).ConfigureAwait(false);
                foreach (ulong[] v in values)
                {
                    for (int i = 0; i < v.Length; i++)
                    {
                        v[i] = Fp61.Add(v[i], bound);
                    }
                }

                while (values[0].Length > 1)
                {
                    int length = values[0].Length, half = length / 2;
                    var difference = new ulong[groups * half];
                    for (int g = 0; g < groups; g++)
                    {
                        // b - a for max, a - b for min: the step from the value kept when a < b is false
                        Span<ulong> slot = difference.AsSpan(g * half, half);
                        ReadOnlySpan<ulong> a = values[g].AsSpan(0, half), b = values[g].AsSpan(half, half);
                        if (extreme.IsMax)
                        {
                            Fp61.Sub(b, a, slot);
                        }
                        else
                        {
                            Fp61.Sub(a, b, slot);
                        }
                    }

                    // [a < b] = [a - b < 0] = [-(b - a) < 0] for max; [a - b < 0] directly for min
                    ulong[] lessThanInput = extreme.IsMax ? [.. difference.Select(Fp61.Neg)] : difference;
                    ulong[] aLessThanB = await context.LessThanZeroAsync(lessThanInput, extreme.Bits, cancellationToken).ConfigureAwait(false);
                    _securityBits = Math.Min(_securityBits ?? int.MaxValue, context.StatisticalSecurity(extreme.Bits));
                    ulong[] step = await context.MultiplyAsync(aLessThanB, difference, cancellationToken).ConfigureAwait(false);
                    for (int g = 0; g < groups; g++)
                    {
                        var next = new ulong[half + (length % 2)];
                        ReadOnlySpan<ulong> kept = extreme.IsMax ? values[g].AsSpan(0, half) : values[g].AsSpan(half, half);
                        Fp61.Add(kept, step.AsSpan(g * half, half), next.AsSpan(0, half));
                        if (length % 2 == 1)
                        {
                            next[half] = values[g][length - 1];
                        }

                        values[g] = next;
                    }
                }

                result.Add([.. values.Select(v => v[0])]);
            }

            return result;
        }

        // All comparisons of filters and histogram edges in one batch, at the widest bit width among them.
        private async Task CompareAsync()
        {
            if (plan.Comparisons.Count == 0)
            {
                return;
            }

            int bits = plan.Comparisons.Max(c => c.Bits);
            var input = new ulong[plan.Comparisons.Count * _rows];
            for (int i = 0; i < plan.Comparisons.Count; i++)
            {
                LessThanZeroItem item = plan.Comparisons[i];
                Span<ulong> a = input.AsSpan(i * _rows, _rows);
                a.Fill(Fp61.FromSigned(item.Constant));
                Fp61.MulAdd(table.Column(item.ColumnX), Fp61.FromSigned(item.SignX), a);
                if (item.ColumnY is { } y)
                {
                    Fp61.MulAdd(table.Column(y), Fp61.FromSigned(item.SignY), a);
                }
            }

            ulong[] lessThanZero = await context.LessThanZeroAsync(input, bits, cancellationToken).ConfigureAwait(false);
            _securityBits = context.StatisticalSecurity(bits);
            _comparisons = Enumerable.Range(0, plan.Comparisons.Count).Select(i => lessThanZero.AsSpan(i * _rows, _rows).ToArray()).ToArray();
        }

        // [x = v] for every category v of each categorical column in use: the owner's one-hot columns when it shared
        // them, else from the powers x^1..x^(K-1): the Lagrange
        // basis polynomial of v over the domain {1..K} is 1 at v and 0 at the other categories (exact, since the upload
        // checked that every stored code lies in the domain).
        private async Task IndicatorsAsync()
        {
            var columns = plan.Filters.Where(f => f.CategoryColumn is not null).Select(f => f.CategoryColumn!).ToList();
            if (plan.GroupBy is { } groupBy)
            {
                columns.Add(groupBy.Name);
            }

            foreach (string name in columns.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                ColumnSchema column = table.Schema.Find(name)!;
                int k = column.Categories.Count;
                if (column.HasIndicators)
                {
                    // the owner shared the one-hot indicators: no interaction at all
                    _indicators[name] = [.. Enumerable.Range(1, k).Select(code => table.Column(column.IndicatorName(code)))];
                    continue;
                }

                var powers = new ulong[k][];
                powers[1] = table.Column(name);
                int have = 1;
                while (have < k - 1)
                {
                    var pairs = new List<(ulong[], ulong[])>();
                    for (int j = 1; j <= have && have + j <= k - 1; j++)
                    {
                        pairs.Add((powers[have], powers[j]));
                    }

                    ulong[][] next = await context.MultiplyAsync(pairs, cancellationToken).ConfigureAwait(false);
                    for (int j = 0; j < next.Length; j++)
                    {
                        powers[have + j + 1] = next[j];
                    }

                    have += next.Length;
                }

                var indicators = new ulong[k][];
                for (int v = 1; v <= k; v++)
                {
                    ulong[] coefficients = LagrangeBasis(v, k);
                    var indicator = new ulong[_rows];
                    indicator.AsSpan().Fill(coefficients[0]);
                    for (int d = 1; d < k; d++)
                    {
                        Fp61.MulAdd(powers[d], coefficients[d], indicator);
                    }

                    indicators[v - 1] = indicator;
                }

                _indicators[name] = indicators;
            }
        }

        private async Task<ulong[]?> FilterAsync()
        {
            var terms = new List<ulong[]>();
            foreach (FilterTerm term in plan.Filters)
            {
                ulong[] bit;
                if (term.CategoryColumn is { } column)
                {
                    bit = (ulong[])_indicators[column][term.CategoryCode - 1].Clone();
                    if (term.Negate)
                    {
                        for (int i = 0; i < bit.Length; i++)
                        {
                            bit[i] = Fp61.Sub(1, bit[i]);
                        }
                    }
                }
                else
                {
                    bit = new ulong[_rows];
                    bit.AsSpan().Fill(Constant(term.Constant));
                    foreach (var (item, coefficient) in term.Comparisons)
                    {
                        Fp61.MulAdd(_comparisons[item], Fp61.FromSigned(coefficient), bit);
                    }
                }

                terms.Add(bit);
            }

            // AND of the conditions: products, multiplied pairwise in a tree (ceil(log2 terms) rounds).
            while (terms.Count > 1)
            {
                var pairs = new List<(ulong[], ulong[])>();
                for (int i = 0; i + 1 < terms.Count; i += 2)
                {
                    pairs.Add((terms[i], terms[i + 1]));
                }

                var next = (await context.MultiplyAsync(pairs, cancellationToken).ConfigureAwait(false)).ToList();
                if (terms.Count % 2 == 1)
                {
                    next.Add(terms[^1]);
                }

                terms = next;
            }

            return terms.Count == 0 ? null : terms[0];
        }

        /// <summary>
        /// The columns whose sums per group are opened, each multiplied by the filter bit when there is a filter: for
        /// sum(x) f x, for a bucket f b, for sum(x y) f (x y). Products of two columns take one round, filtered ones a
        /// second. Without filter and groups, x y is summed locally as a dot product (no column).
        /// </summary>
        private async Task<Dictionary<string, ulong[]>> FilteredColumnsAsync(ulong[]? filter, bool grouped, List<(string Name, ulong[] Indicator)> buckets)
        {
            var columns = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
            var names = new List<string>();
            var pairs = new List<(ulong[], ulong[])>();
            foreach (string column in plan.SumColumns)
            {
                if (filter is null)
                {
                    columns[$"sum({column})"] = table.Column(column);
                }
                else
                {
                    names.Add($"sum({column})");
                    pairs.Add((filter, table.Column(column)));
                }
            }

            foreach (var (name, indicator) in buckets)
            {
                if (filter is null)
                {
                    columns[name] = indicator;
                }
                else
                {
                    names.Add(name);
                    pairs.Add((filter, indicator));
                }
            }

            if (filter is not null || grouped)
            {
                foreach ((string cx, string cy) in plan.ProductColumns)
                {
                    names.Add($"sumproduct({cx},{cy})");
                    pairs.Add((table.Column(cx), table.Column(cy)));
                }
            }

            if (pairs.Count > 0)
            {
                ulong[][] products = await context.MultiplyAsync(pairs, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < products.Length; i++)
                {
                    columns[names[i]] = products[i];
                }
            }

            if (filter is not null && plan.ProductColumns.Count > 0)
            {
                string[] productNames = [.. plan.ProductColumns.Select(p => $"sumproduct({p.X},{p.Y})")];
                ulong[][] filtered = await context.MultiplyAsync([.. productNames.Select(n => (filter, columns[n]))], cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < productNames.Length; i++)
                {
                    columns[productNames[i]] = filtered[i];
                }
            }

            return columns;
        }

        // Bucket b of a histogram with edges e_0 < ... < e_{E-1}: [x < e_b] - [x < e_{b-1}], with [x < e_{-1}] = 0 and [x < e_E] = 1.
        private List<(string Name, ulong[] Indicator)> BucketIndicators()
        {
            var indicators = new List<(string Name, ulong[] Indicator)>();
            foreach (HistogramPlan histogram in plan.Histograms)
            {
                for (int b = 0; b < histogram.Buckets.Count; b++)
                {
                    var indicator = new ulong[_rows];
                    if (b < histogram.EdgeItems.Count)
                    {
                        Fp61.Add(indicator, _comparisons[histogram.EdgeItems[b]], indicator);
                    }
                    else
                    {
                        indicator.AsSpan().Fill(1);
                    }

                    if (b > 0)
                    {
                        Fp61.Sub(indicator, _comparisons[histogram.EdgeItems[b - 1]], indicator);
                    }

                    indicators.Add(($"{histogram.Spec.Text} {histogram.Buckets[b]}", indicator));
                }
            }

            return indicators;
        }


        // count >= minimum  <=>  not [count - minimum < 0]; the pass bits are opened (they say which groups are suppressed).
        private async Task<bool[]> PassesAsync(List<ulong> counts)
        {
            long minimum = options.MinimumGroupSize;
            int bits = (int)BigInteger.Max(minimum, table.Rows - minimum).GetBitLength() + 1;
            ulong[] input = counts.Select(c => Fp61.Sub(c, Constant(minimum))).ToArray();
            ulong[] small = await context.LessThanZeroAsync(input, Math.Max(bits, 2), cancellationToken).ConfigureAwait(false);
            _securityBits = Math.Min(_securityBits ?? int.MaxValue, context.StatisticalSecurity(Math.Max(bits, 2)));
            ulong[] opened = await context.OpenAsync(small, context.Threshold, cancellationToken).ConfigureAwait(false);
            return opened.Select(s => s == 0).ToArray();
        }

        private async Task<ulong[]> OpenWithNoiseAsync(List<Opened> opened)
        {
            ulong[] shares = opened.Select(o => o.Share).ToArray();
            if (options.Epsilon is { } epsilon && shares.Length > 0)
            {
                var perGroup = opened.GroupBy(o => o.Group).ToDictionary(g => g.Key, g => g.Count());
                ulong[] parts = opened.Select(o => Fp61.FromSigned(LaplaceNoise.Part(o.Sensitivity * perGroup[o.Group] / epsilon, context.Active.Count))).ToArray();
                ulong[] noise = await context.SumOfInputsAsync(parts, cancellationToken).ConfigureAwait(false);
                Fp61.Add(shares, noise, shares);
            }

            return await context.OpenProductsAsync(shares, cancellationToken).ConfigureAwait(false);
        }

        private StatisticsAnswer Assemble(List<string> labels, List<Opened> opened, ulong[] values, List<string> suppressed)
        {
            var revealed = new List<string> { $"which groups have at least {options.MinimumGroupSize} records (suppressed: {(suppressed.Count == 0 ? "none" : string.Join(", ", suppressed))})" };
            var answers = new List<GroupAnswer>();
            foreach (var group in opened.Select((o, i) => (o, i)).GroupBy(x => x.o.Group))
            {
                var byName = group.ToDictionary(x => x.o.Name, x => Fp61.ToSigned(values[x.i]));
                long count = byName["count"];
                revealed.Add($"{labels[group.Key]}: {string.Join(", ", byName.Keys)}{(options.Epsilon is null ? "" : " (each with Laplace noise)")}");
                var results = new List<AggregateValue>();
                foreach (AggregateSpec spec in plan.Query.Aggregates)
                {
                    results.AddRange(Values(spec, byName, count));
                }

                answers.Add(new GroupAnswer(labels[group.Key], count, results));
            }

            return new StatisticsAnswer(answers, suppressed, revealed, context.Rounds, _securityBits, options.Epsilon);
        }

        private IEnumerable<AggregateValue> Values(AggregateSpec spec, Dictionary<string, long> opened, long count)
        {
            // With noise a count can fall below 2; the formulas then use 2 (variance needs n - 1 > 0).
            BigInteger n = Math.Max(count, 2);
            switch (spec.Kind)
            {
                case AggregateKind.Count:
                    yield return new AggregateValue(spec.Text, count, count);
                    break;
                case AggregateKind.Sum:
                    long sum = opened[$"sum({spec.Column})"];
                    yield return new AggregateValue(spec.Text, sum / Scale(spec.Column!), sum);
                    break;
                case AggregateKind.Mean:
                    yield return new AggregateValue(spec.Text, opened[$"sum({spec.Column})"] / (double)n / Scale(spec.Column!));
                    break;
                case AggregateKind.Variance or AggregateKind.StdDev:
                {
                    // Sample variance (n sum x^2 - (sum x)^2) / (n (n - 1)), exact in integers before the one division.
                    BigInteger s = opened[$"sum({spec.Column})"], q = SumOfSquares(spec.Column!, opened);
                    double variance = Math.Max(0, (double)((n * q) - (s * s)) / (double)(n * (n - 1))) / Scale(spec.Column!) / Scale(spec.Column!);
                    yield return new AggregateValue(spec.Text, spec.Kind == AggregateKind.Variance ? variance : Math.Sqrt(variance));
                    break;
                }

                case AggregateKind.Covariance:
                {
                    BigInteger sx = opened[$"sum({spec.Column})"], sy = opened[$"sum({spec.Column2})"];
                    BigInteger sxy = opened[$"sumproduct({spec.Column},{spec.Column2})"];
                    yield return new AggregateValue(spec.Text, (double)((n * sxy) - (sx * sy)) / (double)(n * (n - 1)) / Scale(spec.Column!) / Scale(spec.Column2!));
                    break;
                }

                case AggregateKind.Min or AggregateKind.Max:
                    long extreme = opened[spec.Text];
                    yield return new AggregateValue(spec.Text, extreme / Scale(spec.Column!), extreme);
                    break;
                case AggregateKind.Histogram:
                    foreach (string bucket in plan.Histograms.First(h => h.Spec == spec).Buckets)
                    {
                        string name = $"{spec.Text} {bucket}";
                        if (opened.TryGetValue(name, out long bucketCount))
                        {
                            yield return new AggregateValue(name, bucketCount, bucketCount);
                        }
                    }

                    break;
            }
        }

        // sum x^2, opened whole or, for a column with limbs, as 2^(2b) sum h^2 + 2^(b+1) sum h l + sum l^2 (exact).
        private BigInteger SumOfSquares(string column, Dictionary<string, long> opened)
        {
            ColumnSchema schema = table.Schema.Find(column)!;
            if (opened.TryGetValue($"sumproduct({schema.Name},{schema.Name})", out long whole))
            {
                return whole;
            }

            var (h, l) = schema.LimbNames;
            int b = schema.LimbBits!.Value;
            return (opened[$"sumproduct({h},{h})"] * (BigInteger.One << (2 * b))) + (opened[$"sumproduct({h},{l})"] * (BigInteger.One << (b + 1))) + opened[$"sumproduct({l},{l})"];
        }

        private double Scale(string column) => Math.Pow(10, table.Schema.Find(column)!.Scale);

        private static ulong[] LagrangeBasis(int v, int k)
        {
            // prod over u != v of (x - u) / (v - u), expanded into coefficients of x^0..x^(k-1).
            var coefficients = new ulong[k];
            coefficients[0] = 1;
            ulong denominator = 1;
            int degree = 0;
            for (int u = 1; u <= k; u++)
            {
                if (u == v)
                {
                    continue;
                }

                for (int d = ++degree; d >= 0; d--)
                {
                    ulong shifted = d > 0 ? coefficients[d - 1] : 0;
                    coefficients[d] = Fp61.Sub(shifted, Fp61.Mul(coefficients[d], (ulong)u));
                }

                denominator = Fp61.Mul(denominator, Fp61.FromSigned(v - u));
            }

            ulong inverse = Fp61.Inverse(denominator);
            for (int d = 0; d < k; d++)
            {
                coefficients[d] = Fp61.Mul(coefficients[d], inverse);
            }

            return coefficients;
        }

        private sealed record Opened(int Group, string Name, ulong Share, double Sensitivity);
    }
}
