using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using QkdNet.Node.Cloud;
using QkdNet.Node.Statistics;
using QkdNet.Services.PseudoData;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Deployment;
using QkdNet.Services.Statistics.Engine;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet cloud stats-server|upload|stats|stats-bench</c>: statistics on secret shares (issue 13, docs/statistics.md).
/// The servers run the computation among themselves; the owner uploads shares, the analyst gets aggregates only.
/// </summary>
internal static partial class CloudCommands
{
    private static void AddStatistics(Command cloud, TextWriter stdout)
    {
        cloud.Subcommands.Add(StatsServer(stdout));
        cloud.Subcommands.Add(Upload(stdout));
        cloud.Subcommands.Add(Stats(stdout));
        cloud.Subcommands.Add(StatsBench(stdout));
    }

    private static Option<string> StatsConfigOption() => new("--config") { Description = "The statistics client configuration (see deploy/stats-client.json).", Required = true };

    private static Command StatsServer(TextWriter stdout)
    {
        var config = new Option<string>("--config") { Description = "The statistics server's configuration (see deploy/stats-server.json).", Required = true };
        var check = new Option<bool>("--check") { Description = "Only check the configuration and exit." };
        var command = new Command("stats-server", "Run one statistics server: computes aggregates on its shares with the other servers over mutual TLS, pairwise keys from QKD.") { config, check };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Result<StatisticsServerSettings> loaded = StatisticsServerConfigLoader.Load(parse.GetValue(config)!);
            if (!loaded.IsSuccess)
            {
                throw new UsageException("configuration: " + loaded.Error);
            }

            StatisticsServerSettings settings = loaded.Value;
            if (parse.GetValue(check))
            {
                await stdout.WriteLineAsync($"configuration of statistics server {settings.Name} is valid: listens on {settings.Listen}, party {settings.Self + 1} of {settings.Servers.Count}, t = {settings.Threshold}.").ConfigureAwait(false);
                return 0;
            }

            ListenProbe.ThrowIfInUse(settings.Listen, "listen in " + parse.GetValue(config));
            WebApplication app;
            try
            {
                app = StatisticsServerHost.Build(settings);
            }
            catch (ShareServerStartException e)
            {
                throw new UsageException("statistics server: " + e.Message);
            }

            await using (app.ConfigureAwait(false))
            {
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command Upload(TextWriter stdout)
    {
        var dataset = new Option<string>("--dataset") { Description = "The dataset (customers).", Required = true };
        var rows = new Option<int>("--rows") { Description = "Rows of pseudo-data to generate and share.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the pseudo-data generator.", DefaultValueFactory = _ => 42 };
        var (config, json) = (StatsConfigOption(), JsonOption());
        var command = new Command("upload", "Generate a pseudo-data table and store it as Shamir shares on the statistics servers (each holds only its shares).") { dataset, rows, seed, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TableSchema schema = StatisticsDatasets.Find(parse.GetValue(dataset)!)
                ?? throw new UsageException($"upload: unknown dataset '{parse.GetValue(dataset)}' (known: {StatisticsDatasets.Names}).");
            int count = parse.GetValue(rows);
            if (count is < 1 or > 50_000_000)
            {
                throw new UsageException($"upload: --rows must be from 1 to 50000000 (got {count}).");
            }

            using var client = new StatisticsClient(LoadStatsClient(parse.GetValue(config)!));
            var columns = CustomersDataset.Columns(new PseudoDataGenerator(parse.GetValue(seed), accounts: count), count);
            Result<StatisticsUploadAnswer> uploaded = await client.UploadAsync(schema, columns, cancellationToken).ConfigureAwait(false);
            if (!uploaded.IsSuccess)
            {
                throw new UsageException("upload: " + uploaded.Error);
            }

            StatisticsUploadAnswer u = uploaded.Value;
            await stdout.WriteLineAsync(parse.GetValue(json)
                ? Json.Serialize(new { dataset = u.Dataset, rows = u.Rows, upload_id = u.UploadId, threshold = client.Threshold })
                : $"uploaded {u.Dataset}: {u.Rows} rows as Shamir shares (t = {client.Threshold}), upload {u.UploadId}.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Stats(TextWriter stdout)
    {
        var dataset = new Option<string>("--dataset") { Description = "The dataset (customers).", Required = true };
        var query = new Option<string>("--query") { Description = "The query, e.g. \"mean(balance), var(age) by region where age > 40\" (docs/statistics.md).", Required = true };
        var minimum = new Option<int?>("--min-group") { Description = "Suppress groups smaller than this (at least the servers' minimum, default 5)." };
        var epsilon = new Option<double?>("--epsilon") { Description = "Add Laplace noise with this privacy budget per group (differential privacy)." };
        var (config, json) = (StatsConfigOption(), JsonOption());
        var command = new Command("stats", "Ask the statistics servers for aggregates; no server and no analyst sees a record.") { dataset, query, minimum, epsilon, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = new StatisticsClient(LoadStatsClient(parse.GetValue(config)!));
            Result<StatisticsQueryReport> answered = await client.QueryAsync(
                new StatisticsQueryRequest(parse.GetValue(dataset)!, parse.GetValue(query)!, parse.GetValue(minimum), parse.GetValue(epsilon)), cancellationToken).ConfigureAwait(false);
            if (!answered.IsSuccess)
            {
                throw new UsageException("stats: " + answered.Error);
            }

            StatisticsQueryReport r = answered.Value;
            await stdout.WriteLineAsync(parse.GetValue(json) ? Json.Serialize(r) : Describe(r)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string Describe(StatisticsQueryReport r)
    {
        var lines = new List<string> { $"{r.Dataset}: {r.Query}" };
        foreach (GroupAnswer group in r.Answer.Groups)
        {
            lines.Add($"  {group.Group}: " + string.Join(", ", group.Values.Select(v => $"{v.Name} = {v.Value.ToString("G10", CultureInfo.InvariantCulture)}")));
        }

        if (r.Answer.Suppressed.Count > 0)
        {
            lines.Add($"  suppressed (too few records): {string.Join(", ", r.Answer.Suppressed)}");
        }

        lines.Add($"revealed: {string.Join("; ", r.Answer.Revealed)}");
        lines.Add($"servers {string.Join(", ", r.Servers)}; {r.Answer.Rounds} rounds, {r.BytesBetweenServers} bytes between servers; pairwise keys: {r.PairwiseKeys} ({r.QkdKeyBits} bits).");
        return string.Join('\n', lines);
    }

    private static StatisticsClientSettings LoadStatsClient(string path)
    {
        Result<StatisticsClientSettings> settings = StatisticsClientSettings.Load(path);
        return settings.IsSuccess ? settings.Value : throw new UsageException("configuration: " + settings.Error);
    }
}
