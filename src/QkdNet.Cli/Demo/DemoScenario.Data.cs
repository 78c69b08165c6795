using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QkdNet.Node.Cloud;
using QkdNet.Services.Cloud.Client;
using QkdNet.Services.PseudoData;
using QkdNet.Services.Statistics.Data;
using QkdNet.Node.Statistics;
using QkdNet.Services.Statistics.Deployment;
using QkdNet.Services.Statistics.Engine;

namespace QkdNet.Cli.Demo;

internal sealed partial class DemoScenario
{
    private const int Customers = 1_000;
    private const int Threshold = 3;
    private static readonly TimeSpan CloudPatience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StatisticsPatience = TimeSpan.FromSeconds(120);

    /// <summary>Step 3: the bank puts its customer file as shares on the share servers, two servers stop, the bank gets the file back.</summary>
    private async Task<DemoCloud> BackUpAsync(Action<string> update, CancellationToken cancellationToken)
    {
        Result<CloudClientSettings> settings = CloudClientConfigLoader.Load(Network.Deployment.CloudClientConfig);
        using CloudSession session = settings.IsSuccess ? CloudSession.Open(settings.Value).Value : throw new InvalidOperationException(settings.Error);
        byte[] file = CustomerFile();
        IReadOnlyList<string> servers = Network.Deployment.ShareServers;
        try
        {
            update(string.Create(CultureInfo.InvariantCulture, $"putting customers.csv ({file.Length / 1000.0:F1} kB, {Customers} customers) as {Threshold}-of-{servers.Count} shares, sent under QKD keys"));
            // a put that fails stores nothing (CloudClient), so it may be tried again: the links may still be filling the pools
            Result<PutReport> put = await WithinAsync(session.Client.PutAsync("customers.csv", file, Threshold, servers.Count, cancellationToken: cancellationToken), CloudPatience, "the backup's put on the share servers", cancellationToken).ConfigureAwait(false);
            for (int attempt = 2; !put.IsSuccess && attempt <= 4; attempt++)
            {
                update($"the backup did not go through ({put.Error}); trying again in 5 s ({attempt} of 4)");
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                put = await WithinAsync(session.Client.PutAsync("customers.csv", file, Threshold, servers.Count, cancellationToken: cancellationToken), CloudPatience, "the backup's put on the share servers", cancellationToken).ConfigureAwait(false);
            }

            if (!put.IsSuccess)
            {
                throw new InvalidOperationException("the backup failed: " + put.Error);
            }

            string[] stopped = [.. servers.Take(servers.Count - Threshold)];
            update($"stopping {string.Join(" and ", stopped)}");
            foreach (string server in stopped)
            {
                await Network.StopAsync(server).ConfigureAwait(false);
            }

            // the stop shows in the availability plot before the restore
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            update($"restoring customers.csv from the {Threshold} servers still up");
            Result<GetReport> got = await WithinAsync(session.Client.GetAsync(put.Value.ObjectId, cancellationToken: cancellationToken), CloudPatience, "the restore from the three servers still up", cancellationToken).ConfigureAwait(false);
            bool restored = got.IsSuccess && CryptographicOperations.FixedTimeEquals(got.Value.Data, file);
            if (got.IsSuccess)
            {
                CryptographicOperations.ZeroMemory(got.Value.Data);
            }

            update($"starting {string.Join(" and ", stopped)} again");
            foreach (string server in stopped)
            {
                await Network.StartAsync(server, cancellationToken).ConfigureAwait(false);
            }

            long keyBits = session.Client.KeyBitsUsed;
            _view.Table("secure cloud", ["object", "shares", "servers stopped", "restored", "QKD key used"],
            [[
                string.Create(CultureInfo.InvariantCulture, $"customers.csv, {file.Length:N0} bytes"), string.Create(CultureInfo.InvariantCulture, $"{Threshold}-of-{servers.Count} on {string.Join(", ", put.Value.Servers)}"),
                string.Join(", ", stopped), restored ? "yes, byte for byte" : "NO: " + (got.Error ?? "the data differs"), string.Create(CultureInfo.InvariantCulture, $"{keyBits:N0} bits"),
            ]]);
            return new DemoCloud(file.Length, Threshold, servers.Count, stopped, restored, keyBits);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(file);
        }
    }

    /// <summary>The bank's customer file: the seeded pseudo-data generator's customers as CSV.</summary>
    private byte[] CustomerFile()
    {
        var csv = new StringBuilder("id,age,region,balance_yen,risk_class\n");
        foreach (PseudoCustomer c in new PseudoDataGenerator(_options.Seed).Customers(Customers))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{c.Id},{c.Age},{c.Region},{c.BalanceYen},{c.RiskClass}\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>
    /// Step 4: the same customers on the statistics servers (<c>qkdnet cloud stats-server</c> beside three share
    /// servers, mutual TLS, pairwise keys from QKD through the data centre's KME): the bank (owner) uploads them shared
    /// field by field over GF(2^61-1), each server getting only its own shares; the analyst's query, checked against
    /// the same statistics in the clear; and a query that matches one customer, which the servers must refuse
    /// (suppressed inside the computation, nothing opened).
    /// </summary>
    private async Task<DemoStatistics> AnalyseAsync(Action<string> update, CancellationToken cancellationToken)
    {
        Dictionary<string, long[]> columns = CustomersDataset.Columns(new PseudoDataGenerator(_options.Seed), Customers);
        using StatisticsClient bank = new(LoadStatisticsClient(Network.Deployment.StatisticsOwnerConfig));
        using StatisticsClient analyst = new(LoadStatisticsClient(Network.Deployment.StatisticsAnalystConfig));
        update(string.Create(CultureInfo.InvariantCulture, $"the bank uploads {Customers:N0} customers as shares to {string.Join(", ", Network.Deployment.StatisticsServerNames)}"));
        Result<StatisticsUploadAnswer> uploaded = await WithinAsync(bank.UploadAsync(CustomersDataset.Schema, columns, cancellationToken), StatisticsPatience, "the upload of the customers' shares to the statistics servers", cancellationToken).ConfigureAwait(false);
        if (!uploaded.IsSuccess)
        {
            throw new InvalidOperationException("the upload to the statistics servers failed: " + uploaded.Error);
        }

        const string query = "count(), mean(balance) by region where age > 40";
        update($"analyst: {query}");
        Result<StatisticsQueryReport> answer = await WithinAsync(analyst.QueryAsync(new StatisticsQueryRequest(CustomersDataset.Schema.Name, query), cancellationToken), StatisticsPatience, "the analyst's query on the statistics servers", cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new InvalidOperationException("the analyst's query failed: " + answer.Error);
        }

        StatisticsAnswer answered = answer.Value.Answer;
        List<DemoGroup> groups = [.. answered.Groups.Select(g => new DemoGroup(g.Group, g.Count, Math.Round(g.Values.First(v => v.Name.StartsWith("mean", StringComparison.Ordinal)).Value, 1)))];
        bool matches = MatchesCleartext(columns, groups, answered.Suppressed);

        long richest = columns["balance"].Max();
        string singling = string.Create(CultureInfo.InvariantCulture, $"mean(balance) where balance >= {richest}");
        update($"analyst: {singling}");
        Result<StatisticsQueryReport> refused = await WithinAsync(analyst.QueryAsync(new StatisticsQueryRequest(CustomersDataset.Schema.Name, singling), cancellationToken), StatisticsPatience, "the singling-out query on the statistics servers", cancellationToken).ConfigureAwait(false);
        bool wasRefused = refused.IsSuccess && refused.Value.Answer.Groups.Count == 0 && refused.Value.Answer.Suppressed.Count > 0;
        IReadOnlyList<string> suppressed = refused.IsSuccess ? refused.Value.Answer.Suppressed : [refused.Error!];

        _view.Table($"statistics on shares ({Customers:N0} customers, servers {string.Join(", ", answer.Value.Servers)}, pairwise keys {answer.Value.PairwiseKeys}): {query}", ["region", "customers", "mean balance"],
            groups.Select(g => (IReadOnlyList<string>)[g.Group, g.Count.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{g.MeanBalanceYen:N0} yen")]));
        _view.Line(string.Create(CultureInfo.InvariantCulture, $"  matches the same statistics in the clear: {(matches ? "yes" : "NO")}; suppressed groups: {(answered.Suppressed.Count == 0 ? "none" : string.Join(", ", answered.Suppressed))}; {answer.Value.BytesBetweenServers:N0} bytes between the servers, {answer.Value.QkdKeyBits:N0} bits of QKD key"));
        _view.Line($"  '{singling}' (one customer): {(wasRefused ? "refused, nothing opened (group below the minimum of 5)" : "ANSWERED")}");
        return new DemoStatistics(Customers, query, groups, matches, singling, wasRefused, suppressed, answer.Value.Servers, answer.Value.PairwiseKeys, answer.Value.QkdKeyBits);
    }

    private static StatisticsClientSettings LoadStatisticsClient(string config)
    {
        Result<StatisticsClientSettings> loaded = StatisticsClientSettings.Load(config);
        return loaded.IsSuccess ? loaded.Value : throw new InvalidOperationException($"{config}: {loaded.Error}");
    }

    /// <summary>Whether every group answered equals the cleartext count and mean (to 0.5 yen), and every group left out has fewer than 5 customers.</summary>
    private static bool MatchesCleartext(Dictionary<string, long[]> columns, IReadOnlyList<DemoGroup> groups, IReadOnlyList<string> suppressed)
    {
        long[] age = columns["age"], region = columns["region"], balance = columns["balance"];
        foreach (JapanRegion r in Enum.GetValues<JapanRegion>())
        {
            long[] rows = [.. Enumerable.Range(0, age.Length).Where(i => age[i] > 40 && region[i] == (long)r).Select(i => balance[i])];
            DemoGroup? answered = groups.FirstOrDefault(g => g.Group == r.ToString());
            bool ok = answered is null
                ? rows.Length < 5 && suppressed.Contains(r.ToString())
                : answered.Count == rows.Length && Math.Abs(answered.MeanBalanceYen - rows.Average()) <= 0.5;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
