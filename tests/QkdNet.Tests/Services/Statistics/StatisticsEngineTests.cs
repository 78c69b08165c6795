using QkdNet.Services.PseudoData;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Engine;
using static QkdNet.Tests.Services.Statistics.StatisticsFixture;

namespace QkdNet.Tests.Services.Statistics;

public sealed class StatisticsEngineTests
{
    [Fact]
    public async Task MeanVarStdDevOfAWholeColumn_EqualTheCleartextStatistics()
    {
        var columns = Customers(300);
        var answer = await Answer(Share(CustomersDataset.Schema, columns), "count(), sum(age), mean(age), var(age), stddev(age), mean(balance), sum(balance)");
        GroupAnswer all = Assert.Single(answer.Groups);
        long[] age = columns["age"];
        Assert.Equal(300, all.Count);
        Assert.Equal(age.Sum(), all.Values.Single(v => v.Name == "sum(age)").Exact);
        Assert.Equal(columns["balance"].Sum(), all.Values.Single(v => v.Name == "sum(balance)").Exact);
        Close(Mean(age), Value(all, "mean(age)"));
        Close(Variance(age), Value(all, "var(age)"));
        Close(Math.Sqrt(Variance(age)), Value(all, "stddev(age)"));
        Close(Mean(columns["balance"]), Value(all, "mean(balance)"));
    }

    [Fact]
    public async Task GroupByAndCategoryFilter_OneHotColumnsOfTheOwner_GiveTheSameAnswerAsIndicatorsFromPowers_WithoutProducts()
    {
        var columns = Customers(200);
        var plain = CustomersDataset.Schema with
        {
            Columns = [.. CustomersDataset.Schema.Columns.Select(c => c.Name == "region" ? ColumnSchema.Categorical("region", c.Categories) : c)],
        };
        Assert.False(plain.Find("region")!.HasIndicators);
        const string Query = "count(), sum(balance) by region where region != 'Kanto'";
        var fromPowers = await InProcessStatistics.RunAsync(new InProcessParties { Parties = 3, Threshold = 1, Seed = 3 }, Share(plain, columns), Query);
        var oneHot = await InProcessStatistics.RunAsync(new InProcessParties { Parties = 3, Threshold = 1, Seed = 3 }, Share(CustomersDataset.Schema, columns), Query);

        Assert.Equal(Json(fromPowers.Answer.Value.Groups), Json(oneHot.Answer.Value.Groups));
        Assert.Equal(fromPowers.Answer.Value.Suppressed, oneHot.Answer.Value.Suppressed);

        // with one-hot columns: the filter x balance product and the group-size check only (no powers of the region code)
        Assert.True(oneHot.Rounds < fromPowers.Rounds, $"{oneHot.Rounds} rounds with one-hot columns, {fromPowers.Rounds} from powers");
        long kanto = Enumerable.Range(0, 200).Count(i => columns["region"][i] == (long)JapanRegion.Kanto);
        Assert.Equal(200 - kanto, oneHot.Answer.Value.Groups.Sum(g => g.Count) + Enumerable.Range(0, 200).Count(i => columns["region"][i] != (long)JapanRegion.Kanto && oneHot.Answer.Value.Suppressed.Contains(((JapanRegion)columns["region"][i]).ToString())));
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    [Fact]
    public async Task MinAndMax_ByRegionWithAFilter_EqualTheCleartext()
    {
        var columns = Customers(150);
        var answer = await Answer(Share(CustomersDataset.Schema, columns), "count(), min(age), max(balance), min(balance) by region where age > 30");

        Assert.NotEmpty(answer.Groups);
        foreach (GroupAnswer group in answer.Groups)
        {
            long code = CustomersDataset.Schema.Find("region")!.CategoryCode(group.Group)!.Value;
            int[] rows = [.. Enumerable.Range(0, 150).Where(i => columns["region"][i] == code && columns["age"][i] > 30)];
            Assert.Equal(rows.Length, group.Count);
            Assert.Equal(rows.Min(i => columns["age"][i]), group.Values.Single(v => v.Name == "min(age)").Exact);
            Assert.Equal(rows.Max(i => columns["balance"][i]), group.Values.Single(v => v.Name == "max(balance)").Exact);
            Assert.Equal(rows.Min(i => columns["balance"][i]), group.Values.Single(v => v.Name == "min(balance)").Exact);
        }

        Assert.Contains(answer.Revealed, r => r.Contains("max(balance)", StringComparison.Ordinal));
        Assert.DoesNotContain(answer.Revealed, r => r.Contains("sum(balance)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(101, "")] // an odd count carries a value to the next level
    [InlineData(64, " where age >= 50")]
    public async Task MinAndMax_OfAllRows_EqualTheCleartext_IncludingTheColumnsBounds(int rows, string filter)
    {
        var columns = Customers(rows);
        columns["age"][rows - 1] = 89; // the column's maximum, in the last row
        columns["age"][rows / 2] = 20; // and its minimum (outside the filter)
        var answer = await Answer(Share(CustomersDataset.Schema, columns), "min(age), max(age)" + filter);

        long[] ages = [.. columns["age"].Where(a => filter.Length == 0 || a >= 50)];
        GroupAnswer all = Assert.Single(answer.Groups);
        Assert.Equal(ages.Min(), all.Values.Single(v => v.Name == "min(age)").Exact);
        Assert.Equal(ages.Max(), all.Values.Single(v => v.Name == "max(age)").Exact);
    }

    [Fact]
    public async Task GroupByRegionWithAFilter_EqualsCleartext_AndSuppressesSmallGroupsInside()
    {
        var columns = Customers(240);
        var answer = await Answer(Share(CustomersDataset.Schema, columns), "count(), mean(balance), var(age) by region where age > 40");
        var rows = Enumerable.Range(0, 240).Where(i => columns["age"][i] > 40).ToList();
        var expectedSuppressed = new List<string>();
        foreach (JapanRegion region in Enum.GetValues<JapanRegion>())
        {
            var members = rows.Where(i => columns["region"][i] == (long)region).ToList();
            GroupAnswer? group = answer.Groups.SingleOrDefault(g => g.Group == region.ToString());
            if (members.Count < 5)
            {
                expectedSuppressed.Add(region.ToString());
                Assert.Null(group);
                continue;
            }

            Assert.NotNull(group);
            Assert.Equal(members.Count, group.Count);
            Close(Mean(members.Select(i => columns["balance"][i]).ToList()), Value(group, "mean(balance)"));
            Close(Variance(members.Select(i => columns["age"][i]).ToList()), Value(group, "var(age)"));
        }

        Assert.NotEmpty(expectedSuppressed); // Okinawa and Shikoku are small in 240 rows: the edge is exercised
        Assert.Equal(expectedSuppressed, answer.Suppressed);
        Assert.Contains(answer.Revealed, r => r.Contains("suppressed: " + string.Join(", ", expectedSuppressed), StringComparison.Ordinal));
    }

    public static TheoryData<string, Func<long, bool>> AgeConditions() => new()
    {
        { "age > 40", a => a > 40 },
        { "age >= 40", a => a >= 40 },
        { "age < 40", a => a < 40 },
        { "age <= 40", a => a <= 40 },
        { "age = 40", a => a == 40 },
        { "age != 40", a => a != 40 },
        { "age >= 20", a => a >= 20 },
        { "age <= 89", a => a <= 89 },
        { "age > 39.5", a => a > 39.5 },
        { "age <= 40.5", a => a <= 40.5 },
    };

    [Theory]
    [MemberData(nameof(AgeConditions))]
    public async Task FiltersAtTheirEdges_CountExactlyTheCleartextRows(string condition, Func<long, bool> predicate)
    {
        long[] ages = [20, 20, 39, 39, 39, 40, 40, 40, 40, 41, 41, 41, 89, 89, 60, 60, 30, 30];
        var columns = EdgeTable(ages);
        var answer = await Answer(Share(CustomersDataset.Schema, columns), $"count(), sum(age) where {condition}", new StatisticsOptions { MinimumGroupSize = 2 });
        long expected = ages.Count(a => predicate(a));
        GroupAnswer all = Assert.Single(answer.Groups);
        Assert.Equal(expected, all.Count);
        Assert.Equal(ages.Where(a => predicate(a)).Sum(), all.Values.Single(v => v.Name == "sum(age)").Exact);
    }

    [Fact]
    public async Task ConditionsCombinedWithCategoryAndColumnComparison_MatchCleartext()
    {
        var columns = Customers(150);
        var answer = await Answer(Share(CustomersDataset.Schema, columns), "count(), sum(balance) where region = 'Kanto' and age >= 30 and risk < age", new StatisticsOptions { MinimumGroupSize = 2 });
        var rows = Enumerable.Range(0, 150).Where(i => columns["region"][i] == (long)JapanRegion.Kanto && columns["age"][i] >= 30 && columns["risk"][i] < columns["age"][i]).ToList();
        GroupAnswer all = Assert.Single(answer.Groups);
        Assert.Equal(rows.Count, all.Count);
        Assert.Equal(rows.Sum(i => columns["balance"][i]), all.Values.Single(v => v.Name == "sum(balance)").Exact);
    }

    [Fact]
    public async Task HistogramWithEdges_CountsEachBucketLikeCleartext_ValuesOnEdgesGoUp()
    {
        long[] ages = [20, 29, 30, 30, 31, 39, 40, 40, 49, 50, 50, 89, 70, 70, 25, 45];
        var answer = await Answer(Share(CustomersDataset.Schema, EdgeTable(ages)), "histogram(age, [30, 40, 50])", new StatisticsOptions { MinimumGroupSize = 2 });
        var values = Assert.Single(answer.Groups).Values;
        Assert.Equal([3L, 4L, 4L, 5L], values.Select(v => v.Exact!.Value).ToArray());
        Assert.Equal("histogram(age, [30, 40, 50]) [30, 40)", values[1].Name);
    }

    [Fact]
    public async Task HistogramBucketBelowMinimum_IsSuppressedAndListed()
    {
        long[] ages = [20, 21, 22, 23, 24, 25, 60, 61, 62, 63, 64, 65, 70];
        var answer = await Answer(Share(CustomersDataset.Schema, EdgeTable(ages)), "histogram(age, [50, 70])");
        Assert.Equal([6L, 6L], Assert.Single(answer.Groups).Values.Select(v => v.Exact!.Value).ToArray());
        Assert.Equal(["histogram(age, [50, 70]) [70, inf) in all"], answer.Suppressed);
    }

    [Fact]
    public async Task AFilterMatchingOneRecord_IsSuppressedNotAnswered()
    {
        long[] ages = [20, 30, 30, 30, 30, 30, 30, 55];
        var answer = await Answer(Share(CustomersDataset.Schema, EdgeTable(ages)), "mean(balance) where age > 50");
        Assert.Empty(answer.Groups);
        Assert.Equal(["all"], answer.Suppressed);
    }

    [Fact]
    public async Task FixedPointColumn_MeanVarCovarianceAndFilter_WithinFixedPointError()
    {
        var schema = new TableSchema("prices", [ColumnSchema.FixedPoint("price", 2, 0, 1_000_000), ColumnSchema.Integer("quantity", 0, 10_000)]);
        var random = new Random(3);
        long[] price = Enumerable.Range(0, 120).Select(_ => (long)random.Next(100, 500_000)).ToArray();
        long[] quantity = Enumerable.Range(0, 120).Select(_ => (long)random.Next(0, 10_000)).ToArray();
        var answer = await Answer(
            Share(schema, new() { ["price"] = price, ["quantity"] = quantity }),
            "mean(price), var(price), cov(price, quantity), sum(price) where price > 1250.5");
        var rows = Enumerable.Range(0, 120).Where(i => price[i] > 125_050).ToList();
        double[] p = rows.Select(i => price[i] / 100.0).ToArray();
        double[] q = rows.Select(i => (double)quantity[i]).ToArray();
        GroupAnswer all = Assert.Single(answer.Groups);
        Assert.Equal(rows.Count, all.Count);
        Assert.Equal(rows.Sum(i => price[i]), all.Values.Single(v => v.Name == "sum(price)").Exact);
        Close(p.Average(), Value(all, "mean(price)"));
        Close(p.Sum(x => (x - p.Average()) * (x - p.Average())) / (p.Length - 1), Value(all, "var(price)"));
        Close(p.Zip(q).Sum(t => (t.First - p.Average()) * (t.Second - q.Average())) / (p.Length - 1), Value(all, "cov(price, quantity)"));
    }

    [Theory]
    [InlineData("mean(balance", "position 13: expected ')', found the end of the query")]
    [InlineData("mean(balance) by", "position 17: expected a column name after 'by'")]
    [InlineData("median(age)", "position 1: expected an aggregate function")]
    [InlineData("count() where age >> 3", "position 20: expected a number")]
    [InlineData("mean(salary)", "unknown column 'salary'")]
    [InlineData("mean(region)", "'region' is categorical")]
    [InlineData("max(region)", "'region' is categorical")]
    [InlineData("count() where region > 3", "only = and != compare it")]
    [InlineData("count() where region = Kanto", "with a quoted category, e.g. region = 'Hokkaido'")]
    [InlineData("count() where region = 'Atlantis'", "'Atlantis' is not a category")]
    [InlineData("count() by age", "cannot group by 'age'")]
    [InlineData("cov(balance, balance)", "beyond what the field")]
    public async Task BadQueries_FailWithOneMessageNamingTheProblem(string query, string expected)
    {
        var tables = Share(CustomersDataset.Schema, Customers(20));
        Assert.Contains(expected, await Error(tables, query), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VarianceOfLargeBalances_GoesThroughLimbs_AndEqualsTheClear()
    {
        // balances near 10^9: their squares (10^18) summed over 300 rows pass p = 2^61 - 1 many times over
        var columns = Customers(300);
        columns["balance"] = [.. columns["balance"].Select((_, i) => 1_000_000_000 - (i * 7919L % 5_000_000))];

        var answer = await Answer(Share(CustomersDataset.Schema, columns), "var(balance), stddev(balance) by region where age > 30");
        var all = await Answer(Share(CustomersDataset.Schema, columns), "var(balance)");

        Close(Variance(columns["balance"]), Value(all.Groups[0], "var(balance)"));
        Assert.NotEmpty(answer.Groups);
        foreach (GroupAnswer group in answer.Groups)
        {
            long code = CustomersDataset.Schema.Find("region")!.CategoryCode(group.Group)!.Value;
            var members = Enumerable.Range(0, 300).Where(i => columns["region"][i] == code && columns["age"][i] > 30).Select(i => columns["balance"][i]).ToList();
            Close(Variance(members), Value(group, "var(balance)"));
            Close(Math.Sqrt(Variance(members)), Value(group, "stddev(balance)"));
        }
    }

    [Fact]
    public async Task OnePartyDownOfFour_QueryStillCompletesWithTheSameAnswer()
    {
        var columns = Customers(120);
        var tables = Share(CustomersDataset.Schema, columns, parties: 4);
        const string Query = "count(), mean(balance) by region where age > 40";
        var all = await InProcessStatistics.RunAsync(new InProcessParties { Parties = 4, Threshold = 1, Seed = 2 }, tables, Query);
        var down = await InProcessStatistics.RunAsync(new InProcessParties { Parties = 4, Threshold = 1, Seed = 2, Down = [2] }, tables, Query);
        Assert.True(down.Answer.IsSuccess, down.Answer.Error);
        Assert.Equal(all.Answer.Value.Groups.Select(g => (g.Group, g.Count, g.Values[1].Value)), down.Answer.Value.Groups.Select(g => (g.Group, g.Count, g.Values[1].Value)));
    }

    [Fact]
    public async Task APartyGoingDownDuringTheQuery_GivesAClearErrorNamingIt()
    {
        var tables = Share(CustomersDataset.Schema, Customers(60));
        InMemoryNetworkHolder holder = new();
        int sent = 0;
        var parties = new InProcessParties
        {
            Parties = 3,
            Threshold = 1,
            Seed = 4,
            Tap = (from, to, payload) =>
            {
                if (from == 1 && Interlocked.Increment(ref sent) == 20)
                {
                    holder.Parties!.Network!.TakeDown(1);
                }

                return payload;
            },
        };
        holder.Parties = parties;
        var outcome = await InProcessStatistics.RunAsync(parties, tables, "count() by region where age > 40");
        Assert.False(outcome.Answer.IsSuccess);
        Assert.Contains("party 1 did not answer", outcome.Answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongShareFromOneOfFourParties_IsDetected()
    {
        var tables = Share(CustomersDataset.Schema, Customers(60), parties: 4);
        var parties = new InProcessParties
        {
            Parties = 4,
            Threshold = 1,
            Seed = 4,
            Tap = (from, to, payload) =>
            {
                if (from == 1 && to == 0 && payload.Length > 64)
                {
                    payload = (byte[])payload.Clone();
                    payload[8] ^= 1; // one share of the second value is off by one
                }

                return payload;
            },
        };
        var outcome = await InProcessStatistics.RunAsync(parties, tables, "count() where age > 40");
        Assert.False(outcome.Answer.IsSuccess);
        Assert.Contains("wrong share", outcome.Answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongShareInTheMaskedComparisonOpening_OfThreeParties_IsDetected()
    {
        // With n = 3, t = 1 a degree-t opening gets one share more than it needs; the second message from party 1 to
        // party 0 is the masked comparison value (the first is the degree-2t opening of the random-bit squares, which
        // three shares cannot check: docs/statistics.md, threat model).
        var tables = Share(CustomersDataset.Schema, Customers(60));
        int fromOneToZero = 0;
        var parties = new InProcessParties
        {
            Parties = 3,
            Threshold = 1,
            Seed = 4,
            Tap = (from, to, payload) =>
            {
                if (from == 1 && to == 0 && Interlocked.Increment(ref fromOneToZero) == 2)
                {
                    payload = (byte[])payload.Clone();
                    payload[8] ^= 1;
                }

                return payload;
            },
        };
        var outcome = await InProcessStatistics.RunAsync(parties, tables, "count() where age > 40");
        Assert.False(outcome.Answer.IsSuccess);
        Assert.Contains("wrong share", outcome.Answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithEpsilon_AnswersAreNoisyNearTheTruth_AndSaySo()
    {
        var columns = Customers(200);
        var tables = Share(CustomersDataset.Schema, columns);
        var answer = await Answer(tables, "count(), mean(age)", new StatisticsOptions { Epsilon = 0.5 });
        GroupAnswer all = Assert.Single(answer.Groups);
        Assert.Equal(0.5, answer.Epsilon);
        Assert.InRange(all.Count, 200 - 400, 200 + 400); // Laplace scale 2 x 2 / 0.5 = 8: beyond 400 has probability e^-50
        Assert.Contains(answer.Revealed, r => r.Contains("Laplace noise", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiveParties_ThresholdTwo_GiveTheCleartextAnswer()
    {
        var columns = Customers(80);
        var answer = await Answer(Share(CustomersDataset.Schema, columns, parties: 5, threshold: 2), "count(), sum(balance) where age >= 50", threshold: 2);
        var rows = Enumerable.Range(0, 80).Where(i => columns["age"][i] >= 50).ToList();
        Assert.Equal(rows.Count, Assert.Single(answer.Groups).Count);
        Assert.Equal(rows.Sum(i => columns["balance"][i]), answer.Groups[0].Values[1].Exact);
    }

    private static Dictionary<string, long[]> EdgeTable(long[] ages) => new()
    {
        ["age"] = ages,
        ["region"] = ages.Select((_, i) => (long)(1 + (i % 10))).ToArray(),
        ["balance"] = ages.Select((a, i) => (a * 1000) + i).ToArray(),
        ["risk"] = ages.Select((_, i) => (long)(1 + (i % 5))).ToArray(),
    };

    private sealed class InMemoryNetworkHolder
    {
        public InProcessParties? Parties { get; set; }
    }
}
