using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Development.Cloud;
using QkdNet.Development.Statistics;
using QkdNet.Node.Cloud;
using QkdNet.Node.Hosting;
using QkdNet.Node.Statistics;
using QkdNet.Services.PseudoData;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Deployment;
using QkdNet.Services.Statistics.Engine;

namespace QkdNet.Cli;

internal static partial class CloudCommands
{
    /// <summary>The benchmark's first query: mean and variance of one column, no filter.</summary>
    private const string MeanVarQuery = "mean(balance), var(balance)";

    /// <summary>The benchmark's second query: a group-by over the 10 regions with one filter.</summary>
    private const string GroupByQuery = "count(), mean(balance) by region where age > 40";

    private static Command StatsBench(TextWriter stdout)
    {
        var rows = new Option<int>("--rows") { Description = "Rows of the customers table.", DefaultValueFactory = _ => 1_000_000 };
        var json = JsonOption();
        var command = new Command("stats-bench", "Start KMEs and 3 statistics servers on loopback, upload customers, time a mean/variance and a group-by query (each after a first, cold run timed apart), compare with the clear.") { rows, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int count = parse.GetValue(rows);
            if (count is < 10 or > 10_000_000)
            {
                throw new UsageException($"stats-bench: --rows must be from 10 to 10000000 (got {count}).");
            }

            string directory = Path.Combine(Path.GetTempPath(), "qkdnet-stats-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                using StatisticsDevelopment development = await StatisticsDevelopment.StartAsync(
                    directory, 3, 1, NodeProcess.CurrentCli(), TimeSpan.FromMinutes(4), SealSetup.MinPbkdf2Iterations, cancellationToken).ConfigureAwait(false);
                var columns = CustomersDataset.Columns(new PseudoDataGenerator(42, accounts: count), count);
                var clock = Stopwatch.StartNew();
                using (var owner = new StatisticsClient(LoadStatsClient(development.ClientConfig(CloudDevelopmentSetup.Owner))))
                {
                    Result<StatisticsUploadAnswer> uploaded = await owner.UploadAsync(CustomersDataset.Schema, columns, cancellationToken).ConfigureAwait(false);
                    if (!uploaded.IsSuccess)
                    {
                        throw new UsageException("stats-bench: upload: " + uploaded.Error);
                    }
                }

                double uploadSeconds = clock.Elapsed.TotalSeconds;
                using var analyst = new StatisticsClient(LoadStatsClient(development.ClientConfig(CloudDevelopmentSetup.Analyst)));
                // the first query after the servers start also pays for JIT compilation and new TLS connections: timed apart
                (StatisticsQueryReport _, double coldSeconds) = await TimedQueryAsync(analyst, MeanVarQuery, cancellationToken).ConfigureAwait(false);
                (StatisticsQueryReport meanVar, double meanVarSeconds) = await TimedQueryAsync(analyst, MeanVarQuery, cancellationToken).ConfigureAwait(false);
                // the first group-by also compiles the comparison and multiplication paths (tiered JIT, counted in the servers' CPU): timed apart too
                (StatisticsQueryReport groupByCold, double groupByColdSeconds) = await TimedQueryAsync(analyst, GroupByQuery, cancellationToken).ConfigureAwait(false);
                (StatisticsQueryReport groupBy, double groupBySeconds) = await TimedQueryAsync(analyst, GroupByQuery, cancellationToken).ConfigureAwait(false);
                bool matches = MatchesClear(meanVar, groupBy, columns);
                var report = new
                {
                    rows = count,
                    servers = 3,
                    threshold = 1,
                    upload_seconds = uploadSeconds,
                    mean_var_query = MeanVarQuery,
                    mean_var_seconds = meanVarSeconds,
                    mean_var_first_query_seconds = coldSeconds,
                    mean_var_rounds = meanVar.Answer.Rounds,
                    mean_var_bytes_between_servers = meanVar.BytesBetweenServers,
                    mean_var_cpu_seconds = meanVar.CpuSeconds,
                    groupby_query = GroupByQuery,
                    groupby_seconds = groupBySeconds,
                    groupby_first_query_seconds = groupByColdSeconds,
                    groupby_first_query_cpu_seconds = groupByCold.CpuSeconds,
                    groupby_rounds = groupBy.Answer.Rounds,
                    groupby_bytes_between_servers = groupBy.BytesBetweenServers,
                    groupby_cpu_seconds = groupBy.CpuSeconds,
                    bytes_between_servers = meanVar.BytesBetweenServers + groupBy.BytesBetweenServers,
                    rounds = meanVar.Answer.Rounds + groupBy.Answer.Rounds,
                    qkd_key_bits = meanVar.QkdKeyBits + groupBy.QkdKeyBits,
                    pairwise_keys = groupBy.PairwiseKeys,
                    matches_cleartext = matches,
                };
                await stdout.WriteLineAsync(parse.GetValue(json) ? Json.Serialize(report) : string.Create(CultureInfo.InvariantCulture,
                    $"{count} rows, 3 servers: upload {uploadSeconds:F2} s; \"{MeanVarQuery}\" {meanVarSeconds:F2} s, {meanVar.Answer.Rounds} rounds, {meanVar.BytesBetweenServers} bytes; \"{GroupByQuery}\" {groupBySeconds:F2} s, {groupBy.Answer.Rounds} rounds, {groupBy.BytesBetweenServers} bytes; matches the clear: {matches}.")).ConfigureAwait(false);
                return matches ? 0 : CliApp.Failed;
            }
            finally
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // a child still closing a file; the OS cleans the temp folder
                }
            }
        });
        return command;
    }

    private static async Task<(StatisticsQueryReport Report, double Seconds)> TimedQueryAsync(StatisticsClient analyst, string query, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Result<StatisticsQueryReport> answer = await analyst.QueryAsync(new StatisticsQueryRequest("customers", query), cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? (answer.Value, clock.Elapsed.TotalSeconds) : throw new UsageException($"stats-bench: \"{query}\": {answer.Error}");
    }

    /// <summary>The two benchmark answers against the same statistics computed in the clear (counts and sums exactly, means and variances to 1e-9 relative).</summary>
    private static bool MatchesClear(StatisticsQueryReport meanVar, StatisticsQueryReport groupBy, Dictionary<string, long[]> columns)
    {
        long[] age = columns["age"], region = columns["region"], balance = columns["balance"];
        double mean = balance.Average(v => (double)v);
        double variance = balance.Sum(v => (v - mean) * (v - mean)) / (balance.Length - 1);
        GroupAnswer all = meanVar.Answer.Groups.Single();
        bool ok = Close(all.Values.Single(v => v.Name == "mean(balance)").Value, mean) && Close(all.Values.Single(v => v.Name == "var(balance)").Value, variance);
        foreach (GroupAnswer group in groupBy.Answer.Groups)
        {
            int code = CustomersDataset.Schema.Find("region")!.CategoryCode(group.Group)!.Value;
            int[] rows = [.. Enumerable.Range(0, age.Length).Where(i => region[i] == code && age[i] > 40)];
            ok &= group.Count == rows.Length && Close(group.Values.Single(v => v.Name == "mean(balance)").Value, rows.Average(i => (double)balance[i]));
        }

        return ok && groupBy.Answer.Groups.Count + groupBy.Answer.Suppressed.Count == 10;
    }

    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected));
}
