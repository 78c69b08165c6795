using QkdNet.Services.PseudoData;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Engine;
using QkdNet.Services.Statistics.Randomness;

namespace QkdNet.Tests.Services.Statistics;

/// <summary>Shared set-up: a seeded customers table, shared among n parties, and the same statistics in the clear.</summary>
internal static class StatisticsFixture
{
    public static Dictionary<string, long[]> Customers(int rows, int seed = 11) =>
        CustomersDataset.Columns(new PseudoDataGenerator(seed, accounts: rows), rows);

    public static SharedTable[] Share(TableSchema schema, Dictionary<string, long[]> columns, int parties = 3, int threshold = 1, ulong seed = 5) =>
        TableSharer.Share(schema, columns, parties, threshold, SeededShareRandomness.Create(seed)).Value;

    public static async Task<StatisticsAnswer> Answer(SharedTable[] tables, string query, StatisticsOptions? options = null, int threshold = 1, ulong seed = 17)
    {
        var outcome = await InProcessStatistics.RunAsync(new InProcessParties { Parties = tables.Length, Threshold = threshold, Seed = seed }, tables, query, options);
        Assert.True(outcome.Answer.IsSuccess, outcome.Answer.Error);
        return outcome.Answer.Value;
    }

    public static async Task<string> Error(SharedTable[] tables, string query, StatisticsOptions? options = null)
    {
        var outcome = await InProcessStatistics.RunAsync(new InProcessParties { Parties = tables.Length, Threshold = 1, Seed = 1 }, tables, query, options);
        Assert.False(outcome.Answer.IsSuccess);
        return outcome.Answer.Error!;
    }

    public static double Value(GroupAnswer group, string name) => group.Values.Single(v => v.Name == name).Value;

    public static double Mean(IReadOnlyList<long> x) => x.Sum(v => (double)v) / x.Count;

    public static double Variance(IReadOnlyList<long> x)
    {
        double mean = Mean(x);
        return x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1);
    }

    public static void Close(double expected, double actual, double relative = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
