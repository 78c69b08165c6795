using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using QkdNet.Services.PseudoData;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Engine;

namespace QkdNet.Benchmarks.Services;

/// <summary>
/// Statistics on secret shares (issue 13), three parties IN ONE PROCESS over the in-memory transport (no TLS, no
/// sockets), Shamir t = 1 over F_p, p = 2^61 - 1, on the pseudo-data <c>customers</c> table. The goals (2 s and
/// 10 s for 1,000,000 rows) are for servers as real processes; these figures are the engine's own cost. Sharing the
/// table is set-up, not timed. Set-up also runs the query once and prints its time, bytes between parties and rounds
/// ("[stats] ..."), copied into docs/PERFORMANCE.md.
/// </summary>
[MemoryDiagnoser]
public class SecureStatisticsBenchmarks
{
    public const string MeanVarQuery = "mean(age), var(age)";
    public const string GroupByQuery = "count(), mean(balance) by region where age > 40";

    private SharedTable[] _tables = null!;

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup(Target = nameof(MeanAndVarianceOfOneColumn))]
    public void SetupMeanVar() => Setup(MeanVarQuery);

    [GlobalSetup(Target = nameof(GroupByTenRegionsWithOneFilter))]
    public void SetupGroupBy() => Setup(GroupByQuery);

    [Benchmark]
    public bool MeanAndVarianceOfOneColumn() => Run(MeanVarQuery).Answer.IsSuccess;

    [Benchmark]
    public bool GroupByTenRegionsWithOneFilter() => Run(GroupByQuery).Answer.IsSuccess;

    private void Setup(string query)
    {
        var columns = CustomersDataset.Columns(new PseudoDataGenerator(seed: 42, accounts: Rows), Rows);
        _tables = TableSharer.Share(CustomersDataset.Schema, columns, parties: 3, threshold: 1).Value;
        long start = Stopwatch.GetTimestamp();
        InProcessOutcome outcome = Run(query);
        Console.WriteLine($"[stats] rows={Rows} query=\"{query}\" seconds={Stopwatch.GetElapsedTime(start).TotalSeconds:F2} bytes_between_parties={outcome.BytesBetweenParties} messages={outcome.Messages} rounds={outcome.Rounds} ok={outcome.Answer.IsSuccess}");
    }

    private InProcessOutcome Run(string query) =>
        InProcessStatistics.RunAsync(new InProcessParties { Parties = 3, Threshold = 1, Seed = 7 }, _tables, query).GetAwaiter().GetResult();
}
