using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QkdNet.Node.Cloud;
using QkdNet.Services.Cloud.Client;
using QkdNet.Services.PseudoData;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Engine;

namespace QkdNet.Cli.Demo;

internal sealed partial class DemoScenario
{
    private const int Customers = 1_000;
    private const int Threshold = 3;
    private const int StatisticsParties = 3;
    private static readonly TimeSpan CloudPatience = TimeSpan.FromSeconds(120);

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
    /// Step 4: the same customers, shared field by field over GF(2^61-1) among three parties (the statistics engine's
    /// parties run in this process, each on its own shares and its own task, through <see cref="InProcessParties"/>); an analyst's query,
    /// checked against the same statistics in the clear, and a query that matches one customer, which must be refused.
    /// </summary>
    private async Task<DemoStatistics> AnalyseAsync(Action<string> update, CancellationToken cancellationToken)
    {
        Dictionary<string, long[]> columns = CustomersDataset.Columns(new PseudoDataGenerator(_options.Seed), Customers);
        Result<SharedTable[]> shared = TableSharer.Share(CustomersDataset.Schema, columns, StatisticsParties, threshold: 1);
        if (!shared.IsSuccess)
        {
            throw new InvalidOperationException("sharing the customers failed: " + shared.Error);
        }

        const string query = "count(), mean(balance) by region where age > 40";
        update($"analyst: {query}");
        InProcessOutcome answer = await InProcessStatistics.RunAsync(new InProcessParties { Parties = StatisticsParties, Threshold = 1 }, shared.Value, query, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.Answer.IsSuccess)
        {
            throw new InvalidOperationException("the analyst's query failed: " + answer.Answer.Error);
        }

        List<DemoGroup> groups = [.. answer.Answer.Value.Groups.Select(g => new DemoGroup(g.Group, g.Count, Math.Round(g.Values.First(v => v.Name.StartsWith("mean", StringComparison.Ordinal)).Value, 1)))];
        bool matches = MatchesCleartext(columns, groups, answer.Answer.Value.Suppressed);

        long richest = columns["balance"].Max();
        string singling = string.Create(CultureInfo.InvariantCulture, $"mean(balance) where balance >= {richest}");
        update($"analyst: {singling}");
        InProcessOutcome refused = await InProcessStatistics.RunAsync(new InProcessParties { Parties = StatisticsParties, Threshold = 1 }, shared.Value, singling, cancellationToken: cancellationToken).ConfigureAwait(false);
        bool wasRefused = refused.Answer.IsSuccess && refused.Answer.Value.Groups.Count == 0 && refused.Answer.Value.Suppressed.Count > 0;
        IReadOnlyList<string> suppressed = refused.Answer.IsSuccess ? refused.Answer.Value.Suppressed : [refused.Answer.Error!];

        _view.Table($"statistics on shares ({Customers:N0} customers, {StatisticsParties} parties): {query}", ["region", "customers", "mean balance"],
            groups.Select(g => (IReadOnlyList<string>)[g.Group, g.Count.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{g.MeanBalanceYen:N0} yen")]));
        _view.Line($"  matches the same statistics in the clear: {(matches ? "yes" : "NO")}; suppressed groups: {(answer.Answer.Value.Suppressed.Count == 0 ? "none" : string.Join(", ", answer.Answer.Value.Suppressed))}");
        _view.Line($"  '{singling}' (one customer): {(wasRefused ? "refused, nothing opened (group below the minimum of 5)" : "ANSWERED")}");
        foreach (SharedTable table in shared.Value)
        {
            foreach (string column in columns.Keys)
            {
                Array.Clear(table.Column(column));
            }
        }

        return new DemoStatistics(Customers, query, groups, matches, singling, wasRefused, suppressed);
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
