using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNet.Development.Cloud;
using QkdNet.Node.Cloud;
using QkdNet.Node.Statistics;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Deployment;
using QkdNet.Services.Statistics.Engine;

namespace QkdNet.Node.Tests.Statistics;

/// <summary>
/// A server's view over the real protocol between processes (everything it receives: its uploaded shares and every
/// peer message, recorded by the server itself) on two tables that differ in one record; and the two-step upload, a
/// server failing mid-upload.
/// </summary>
[Trait("Category", "Process")]
public sealed class StatisticsViewAndUploadTests(StatisticsFixture stats) : IClassFixture<StatisticsFixture>
{
    private const int Runs = 20;
    private const int Recorder = 1; // s2: neither the coordinator nor the last party

    [Fact]
    public async Task AServersView_OverHttp_OnTablesDifferingInOneRecord_IsIdenticallyDistributed()
    {
        string record = RecordViewsAt(Recorder);

        // the record differs in age (both over 40) and balance, so the answer (counts, sums of risk) is the same
        Dictionary<string, long[]> first = Columns(40, seed: 11), second = Columns(40, seed: 11);
        first["age"][7] = 50;
        second["age"][7] = 70;
        second["balance"][7] = first["balance"][7] + 123_456;
        const string Query = "count(), sum(risk) by region where age > 40";

        double[][] viewsFirst = await ViewsAsync(first, Query, record);
        double[][] viewsSecond = await ViewsAsync(second, Query, record);

        Assert.All(viewsFirst.Concat(viewsSecond), v => Assert.Equal(viewsFirst[0].Length, v.Length));
        double worst = 0;
        int worstPosition = -1;
        for (int j = 0; j < viewsFirst[0].Length; j++)
        {
            double z = Welch([.. viewsFirst.Select(v => v[j])], [.. viewsSecond.Select(v => v[j])]);
            if (z > worst)
            {
                (worst, worstPosition) = (z, j);
            }
        }

        // thousands of positions, 20 runs a side: under independence the largest |z| stays near 4 to 5
        Assert.True(worst < 7, $"position {worstPosition} of {viewsFirst[0].Length} differs between the tables (|z| = {worst:F1}).");
    }

    [Fact]
    public async Task AServerDownMidUpload_NoServerSwitches_QueriesKeepAnsweringTheEarlierUpload()
    {
        using var owner = Client(CloudDevelopmentSetup.Owner);
        using var analyst = Client(CloudDevelopmentSetup.Analyst);
        Result<StatisticsUploadAnswer> earlier = await owner.UploadAsync(CustomersDataset.Schema, Columns(120, seed: 3), CancellationToken.None);
        Assert.True(earlier.IsSuccess, earlier.Error);

        stats.Run.KillServer(2);
        Result<StatisticsUploadAnswer> partial;
        try
        {
            partial = await owner.UploadAsync(CustomersDataset.Schema, Columns(60, seed: 4), CancellationToken.None);
        }
        finally
        {
            stats.Run.StartServer(2);
            await stats.Run.WaitForServerAsync(2, TimeSpan.FromMinutes(2));
        }

        Assert.False(partial.IsSuccess);
        Assert.Contains("s3", partial.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was committed", partial.Error, StringComparison.Ordinal);

        // s1 and s2 staged the 60 rows but never switched: all three still answer from the 120 (once the restarted s3
        // answers its peers' pings: on a loaded machine its first TLS answers can take longer than their 5 s limit)
        Result<StatisticsQueryReport> answer = await QueryOnceAllAnswerAsync(analyst);
        Assert.True(answer.IsSuccess, answer.Error);
        Assert.Equal(120, answer.Value.Answer.Groups.Single().Count);

        // a commit of an upload a server never staged is refused, and changes nothing
        using HttpClient s3 = EtsiClientsFor(CloudDevelopmentSetup.Owner, 2);
        using HttpResponseMessage refused = await s3.PostAsync($"v1/stats/datasets/customers/commit?upload={new string('0', 32)}", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);

        Result<StatisticsUploadAnswer> again = await owner.UploadAsync(CustomersDataset.Schema, Columns(60, seed: 4), CancellationToken.None);
        Assert.True(again.IsSuccess, again.Error);
        answer = await analyst.QueryAsync(new StatisticsQueryRequest("customers", "count()"), CancellationToken.None);
        Assert.Equal(60, answer.Value.Answer.Groups.Single().Count);
    }

    private static async Task<Result<StatisticsQueryReport>> QueryOnceAllAnswerAsync(StatisticsClient analyst)
    {
        var request = new StatisticsQueryRequest("customers", "count()");
        for (int attempt = 1; ; attempt++)
        {
            Result<StatisticsQueryReport> answer = await analyst.QueryAsync(request, CancellationToken.None);
            if (answer.IsSuccess || attempt == 12 || !(answer.Error ?? "").Contains("servers answer (down:", StringComparison.Ordinal))
            {
                return answer;
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    private static Dictionary<string, long[]> Columns(int rows, int seed) =>
        CustomersDataset.Columns(new QkdNet.Services.PseudoData.PseudoDataGenerator(seed, accounts: rows), rows);

    private StatisticsClient Client(string user) => new(StatisticsClientSettings.Load(stats.Run.ClientConfig(user)).Value);

    private HttpClient EtsiClientsFor(string user, int server) =>
        QkdNet.Development.Pki.EtsiClients.ForName(new Uri($"https://127.0.0.1:{stats.Run.Ports[server]}/"), Path.Combine(stats.Directory, "pki"), user, stats.Run.ServerNames[server]);

    /// <summary>Restarts server <paramref name="index"/> with a record folder for the messages it receives.</summary>
    private string RecordViewsAt(int index)
    {
        string folder = Path.Combine(stats.Directory, $"view-{index}");
        JsonNode config = JsonNode.Parse(File.ReadAllText(stats.Run.Configs[index]))!;
        config["record_peer_messages"] = folder;
        File.WriteAllText(stats.Run.Configs[index], config.ToJsonString());
        stats.Run.KillServer(index);
        stats.Run.StartServer(index);
        stats.Run.WaitForServerAsync(index, TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        return folder;
    }

    /// <summary>Per run: a fresh upload, one query; the recorder's view is its stored shares, then each peer's messages.</summary>
    private async Task<double[][]> ViewsAsync(Dictionary<string, long[]> columns, string query, string record)
    {
        using var owner = Client(CloudDevelopmentSetup.Owner);
        using var analyst = Client(CloudDevelopmentSetup.Analyst);
        var views = new double[Runs][];
        for (int run = 0; run < Runs; run++)
        {
            Result<StatisticsUploadAnswer> uploaded = await owner.UploadAsync(CustomersDataset.Schema, columns, CancellationToken.None);
            Assert.True(uploaded.IsSuccess, uploaded.Error);
            var before = Directory.Exists(record) ? Directory.GetDirectories(record).ToHashSet() : [];
            Result<StatisticsQueryReport> answer = await analyst.QueryAsync(new StatisticsQueryRequest("customers", query), CancellationToken.None);
            Assert.True(answer.IsSuccess, answer.Error);
            string folder = Assert.Single(Directory.GetDirectories(record), d => !before.Contains(d));

            var view = new List<ulong>();
            string shares = Path.Combine(stats.Directory, stats.Run.ServerNames[Recorder] + "-stats", "customers.shares");
            SharedTable table = SharedTableFile.Read(File.ReadAllBytes(shares)).Value.Table;
            foreach (string column in table.Schema.StoredColumns())
            {
                view.AddRange(table.Column(column));
            }

            foreach (int from in new[] { 0, 2 })
            {
                byte[] received = File.ReadAllBytes(Path.Combine(folder, $"from-{from}.bin"));
                int start = from < Recorder ? PairwiseKeyIdLength(received) : 0;
                view.AddRange(MemoryMarshal.Cast<byte, ulong>(received.AsSpan(start, (received.Length - start) / 8 * 8)).ToArray());
            }

            views[run] = [.. view.Select(v => v / (double)ulong.MaxValue)];
        }

        return views;
    }

    /// <summary>
    /// A lower-index party's first message is the ID of the pair's QKD key (EstablishedPairwiseKeys.FromQkdAsync). The
    /// ID is a UUID version 7, whose first 48 bits are the millisecond its reservation was made: it tells the server
    /// when the query ran, which the server knows anyway, and says nothing of the data. It is checked and left out of
    /// the view, which would otherwise differ between the two tables only because the second table's runs come later.
    /// </summary>
    private static int PairwiseKeyIdLength(byte[] received)
    {
        const int Length = 36;
        Assert.True(received.Length >= Length && QkdNet.KeyManagement.KeyId.TryParse(System.Text.Encoding.ASCII.GetString(received, 0, Length), out _),
            "the first message from a lower-index party is not a key ID");
        return Length;
    }

    private static double Welch(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double va = a.Sum(x => (x - ma) * (x - ma)) / (a.Length - 1), vb = b.Sum(x => (x - mb) * (x - mb)) / (b.Length - 1);
        double se = Math.Sqrt((va / a.Length) + (vb / b.Length));
        return se == 0 ? (ma == mb ? 0 : double.PositiveInfinity) : Math.Abs(ma - mb) / se;
    }
}
