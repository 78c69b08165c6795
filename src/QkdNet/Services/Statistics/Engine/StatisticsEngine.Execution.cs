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
            var groups = await GroupsAsync(filter).ConfigureAwait(false);
            bool weighted = groups.Any(g => g.Weight is not null);
            Dictionary<(string, string), ulong[]> products = await ProductsAsync(weighted).ConfigureAwait(false);
            var buckets = await BucketsAsync(groups).ConfigureAwait(false);

            // Suppression inside the computation: compare every count with the minimum, open only the pass bits.
            var counts = groups.Select(g => g.Weight is null ? Constant(table.Rows) : Fp61.Sum(g.Weight)).ToList();
            counts.AddRange(buckets.Select(b => Fp61.Sum(b.Weight)));
            // Without filter or groups the count is the public row count, and so is whether it passes.
            bool[] passes = weighted || buckets.Count > 0
                ? await PassesAsync(counts).ConfigureAwait(false)
                : [table.Rows >= options.MinimumGroupSize];

            var opened = new List<Opened>();
            var suppressed = new List<string>();
            for (int g = 0; g < groups.Count; g++)
            {
                var (label, weight) = groups[g];
                if (!passes[g])
                {
                    suppressed.Add(label);
                    continue;
                }

                opened.Add(new Opened(g, "count", counts[g], 1));
                foreach (string column in plan.SumColumns)
                {
                    ulong[] x = table.Column(column);
                    opened.Add(new Opened(g, $"sum({column})", weight is null ? Fp61.Sum(x) : Fp61.Dot(weight, x), table.Schema.Find(column)!.MaxAbs));
                }

                foreach ((string cx, string cy) in plan.ProductColumns)
                {
                    ulong share = weight is null ? Fp61.Dot(table.Column(cx), table.Column(cy)) : Fp61.Dot(weight, products[(cx, cy)]);
                    opened.Add(new Opened(g, $"sumproduct({cx},{cy})", share, (double)table.Schema.Find(cx)!.MaxAbs * table.Schema.Find(cy)!.MaxAbs));
                }
            }

            for (int b = 0; b < buckets.Count; b++)
            {
                var bucket = buckets[b];
                if (!passes[bucket.Group])
                {
                    continue;
                }

                if (!passes[groups.Count + b])
                {
                    suppressed.Add($"{bucket.Name} in {groups[bucket.Group].Label}");
                    continue;
                }

                opened.Add(new Opened(bucket.Group, bucket.Name, counts[groups.Count + b], 1));
            }

            ulong[] values = await OpenWithNoiseAsync(opened).ConfigureAwait(false);
            return Assemble(groups.Select(g => g.Label).ToList(), opened, values, suppressed);
        }

        private ulong Constant(long value) => Fp61.FromSigned(value);

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

        // [x = v] for every category v of each categorical column in use, from the powers x^1..x^(K-1): the Lagrange
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

        private async Task<List<(string Label, ulong[]? Weight)>> GroupsAsync(ulong[]? filter)
        {
            if (plan.GroupBy is not { } groupBy)
            {
                return [("all", filter)];
            }

            ulong[][] indicators = _indicators[groupBy.Name];
            ulong[][] weights = filter is null
                ? indicators
                : await context.MultiplyAsync(indicators.Select(e => (filter, e)).ToList(), cancellationToken).ConfigureAwait(false);
            return groupBy.Categories.Select((label, g) => (label, (ulong[]?)weights[g])).ToList();
        }

        private async Task<Dictionary<(string, string), ulong[]>> ProductsAsync(bool weighted)
        {
            var result = new Dictionary<(string, string), ulong[]>();
            if (!weighted || plan.ProductColumns.Count == 0)
            {
                return result;
            }

            ulong[][] products = await context.MultiplyAsync(
                plan.ProductColumns.Select(p => (table.Column(p.X), table.Column(p.Y))).ToList(), cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < products.Length; i++)
            {
                result[plan.ProductColumns[i]] = products[i];
            }

            return result;
        }

        // Bucket b of a histogram with edges e_0 < ... < e_{E-1}: [x < e_b] - [x < e_{b-1}], with [x < e_{-1}] = 0 and [x < e_E] = 1.
        private async Task<List<(int Group, string Name, ulong[] Weight)>> BucketsAsync(List<(string Label, ulong[]? Weight)> groups)
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

            var result = new List<(int, string, ulong[])>();
            var pairs = new List<(ulong[], ulong[])>();
            var names = new List<(int, string)>();
            for (int g = 0; g < groups.Count; g++)
            {
                foreach (var (name, indicator) in indicators)
                {
                    if (groups[g].Weight is { } weight)
                    {
                        pairs.Add((weight, indicator));
                        names.Add((g, name));
                    }
                    else
                    {
                        result.Add((g, name, indicator));
                    }
                }
            }

            if (pairs.Count > 0)
            {
                ulong[][] weights = await context.MultiplyAsync(pairs, cancellationToken).ConfigureAwait(false);
                result.AddRange(names.Select((n, i) => (n.Item1, n.Item2, weights[i])));
            }

            return result;
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
                    BigInteger s = opened[$"sum({spec.Column})"], q = opened[$"sumproduct({spec.Column},{spec.Column})"];
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
