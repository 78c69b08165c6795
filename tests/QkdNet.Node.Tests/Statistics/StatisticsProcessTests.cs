using System.Net;
using System.Text.Json;
using QkdNet.Cli;
using QkdNet.Development.Cloud;
using QkdNet.Node.Cloud;
using QkdNet.Development.Pki;
using QkdNet.Services.PseudoData;
using QkdNet.Services.Statistics.Data;

namespace QkdNet.Node.Tests.Statistics;

/// <summary>
/// Statistics on shares as real processes: three <c>qkdnet cloud stats-server</c> processes that run the protocol
/// with each other over mutual TLS with pairwise keys from their KME, the owner's <c>qkdnet cloud upload</c>, the
/// analyst's <c>qkdnet cloud stats</c>, and the roles and faults around them.
/// </summary>
[Trait("Category", "Process")]
public sealed class StatisticsProcessTests(StatisticsFixture stats) : IClassFixture<StatisticsFixture>
{
    private const int Rows = 600;
    private const int Seed = 7;

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task UploadAsync()
    {
        (int code, string _, string error) = await CliAsync("cloud", "upload", "--dataset", "customers", "--rows", Rows.ToString(), "--seed", Seed.ToString(),
            "--config", stats.Run.ClientConfig(CloudDevelopmentSetup.Owner), "--json");
        Assert.True(code == 0, error);
    }

    private Task<(int Code, string Out, string Err)> QueryAsync(string user, string query, params string[] extra) =>
        CliAsync(["cloud", "stats", "--dataset", "customers", "--query", query, "--config", stats.Run.ClientConfig(user), "--json", .. extra]);

    private static double Value(JsonElement group, string name) =>
        group.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name).GetProperty("value").GetDouble();

    [Fact]
    public async Task UploadThenQueryAsAnalyst_ThreeServerProcesses_AnswerEqualsTheClear_WithQkdPairwiseKeys()
    {
        await UploadAsync();
        var clear = CustomersDataset.Columns(new PseudoDataGenerator(Seed, accounts: Rows), Rows);

        (int code, string output, string error) = await QueryAsync(CloudDevelopmentSetup.Analyst, "count(), sum(balance), mean(balance), var(age), var(balance) by region where age > 40");

        Assert.True(code == 0, error);
        JsonElement report = JsonDocument.Parse(output).RootElement;
        Assert.Equal("qkd", report.GetProperty("pairwise_keys").GetString());
        Assert.True(report.GetProperty("qkd_key_bits").GetInt64() >= 3 * 2 * 256);
        Assert.True(report.GetProperty("bytes_between_servers").GetInt64() > 0);
        Assert.Equal(["s1", "s2", "s3"], report.GetProperty("servers").EnumerateArray().Select(s => s.GetString()));
        JsonElement answer = report.GetProperty("answer");
        ColumnSchema region = CustomersDataset.Schema.Find("region")!;
        int answered = 0;
        foreach (JsonElement group in answer.GetProperty("groups").EnumerateArray())
        {
            int code1 = region.CategoryCode(group.GetProperty("group").GetString()!)!.Value;
            int[] rows = [.. Enumerable.Range(0, Rows).Where(i => clear["region"][i] == code1 && clear["age"][i] > 40)];
            Assert.Equal(rows.Length, group.GetProperty("count").GetInt64());
            Assert.Equal(rows.Sum(i => clear["balance"][i]), (long)Value(group, "sum(balance)"));
            double mean = rows.Average(i => (double)clear["age"][i]);
            Assert.Equal(rows.Sum(i => (clear["age"][i] - mean) * (clear["age"][i] - mean)) / (rows.Length - 1), Value(group, "var(age)"), 1e-9);
            double meanBalance = rows.Average(i => (double)clear["balance"][i]);
            double varBalance = rows.Sum(i => (clear["balance"][i] - meanBalance) * (clear["balance"][i] - meanBalance)) / (rows.Length - 1);
            Assert.True(Math.Abs(varBalance - Value(group, "var(balance)")) <= 1e-9 * varBalance, $"var(balance) of {group.GetProperty("group")}");
            answered++;
        }

        Assert.Equal(10, answered + answer.GetProperty("suppressed").GetArrayLength());
        Assert.True(answered > 0);
        Assert.Contains(answer.GetProperty("revealed").EnumerateArray(), r => r.GetString()!.Contains("which groups have at least 5 records", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFilterMatchingOneRecord_IsSuppressed_NotAnswered()
    {
        await UploadAsync();
        var clear = CustomersDataset.Columns(new PseudoDataGenerator(Seed, accounts: Rows), Rows);
        long richest = clear["balance"].Max();

        (int code, string output, string error) = await QueryAsync(CloudDevelopmentSetup.Analyst, $"count(), mean(age) where balance >= {richest}");

        Assert.True(code == 0, error);
        JsonElement answer = JsonDocument.Parse(output).RootElement.GetProperty("answer");
        Assert.Equal(0, answer.GetProperty("groups").GetArrayLength());
        Assert.Equal(["all"], answer.GetProperty("suppressed").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Roles_AnalystCannotUpload_AuditorAndStrangerCannotQuery_AndTheRefusalsAreAudited()
    {
        await UploadAsync();
        (int upload, string _, string uploadError) = await CliAsync("cloud", "upload", "--dataset", "customers", "--rows", "50",
            "--config", stats.Run.ClientConfig(CloudDevelopmentSetup.Analyst));
        (int auditor, string _, string auditorError) = await QueryAsync(CloudDevelopmentSetup.Auditor, "count()");
        (int stranger, string _, string strangerError) = await QueryAsync(DevelopmentNetwork.Stranger, "count()");

        Assert.Equal(2, upload);
        Assert.Contains("owner role required", uploadError, StringComparison.Ordinal);
        Assert.Equal(2, auditor);
        Assert.Contains("analyst or owner role required", auditorError, StringComparison.Ordinal);
        Assert.Equal(2, stranger);
        Assert.Contains("not in this server's access policy", strangerError, StringComparison.Ordinal);
        foreach (string error in new[] { uploadError, auditorError, strangerError })
        {
            Assert.Single(error.Trim().Split('\n'));
        }

        using HttpClient auditorHttp = As(CloudDevelopmentSetup.Auditor, 0);
        JsonElement audit = JsonDocument.Parse(await auditorHttp.GetStringAsync("v1/stats/audit")).RootElement;
        Assert.True(audit.GetProperty("chain_intact").GetBoolean());
        var records = audit.GetProperty("records").EnumerateArray().ToList();
        Assert.Contains(records, r => r.GetProperty("caller").GetString() == CloudDevelopmentSetup.Analyst && r.GetProperty("action").GetString() == "stats-upload" && !r.GetProperty("allowed").GetBoolean());
        Assert.Contains(records, r => r.GetProperty("caller").GetString() == DevelopmentNetwork.Stranger && !r.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task AnAnalyst_CannotFetchShares_NorUseThePeerRoutes_NorLowerTheMinimumGroupSize()
    {
        await UploadAsync();
        using HttpClient analyst = As(CloudDevelopmentSetup.Analyst, 0);

        HttpResponseMessage share = await analyst.GetAsync("v1/stats/datasets/customers");
        HttpResponseMessage run = await analyst.PostAsync("v1/stats/peer/run", new StringContent("{}"));
        HttpResponseMessage message = await analyst.PostAsync("v1/stats/peer/00000000000000000000000000000000/messages?from=1", new ByteArrayContent([1, 2, 3]));
        (int lowered, string _, string loweredError) = await QueryAsync(CloudDevelopmentSetup.Analyst, "count() by region", "--min-group", "2");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, share.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, message.StatusCode);
        Assert.Equal(2, lowered);
        Assert.Contains("cannot go below", loweredError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadQueries_ExitWith2_AndOneLineNamingTheProblem()
    {
        await UploadAsync();
        (int malformed, string _, string malformedError) = await QueryAsync(CloudDevelopmentSetup.Analyst, "mean(balance");
        (int categorical, string _, string categoricalError) = await QueryAsync(CloudDevelopmentSetup.Analyst, "mean(region)");
        (int unknown, string _, string unknownError) = await CliAsync("cloud", "stats", "--dataset", "trades", "--query", "count()",
            "--config", stats.Run.ClientConfig(CloudDevelopmentSetup.Analyst));

        Assert.Equal(2, malformed);
        Assert.Contains("position 13", malformedError, StringComparison.Ordinal);
        Assert.Equal(2, categorical);
        Assert.Contains("categorical", categoricalError, StringComparison.Ordinal);
        Assert.Equal(2, unknown);
        Assert.Contains("unknown dataset 'trades'", unknownError, StringComparison.Ordinal);
        Assert.All(new[] { malformedError, categoricalError, unknownError }, e => Assert.Single(e.Trim().Split('\n')));
    }

    [Fact]
    public async Task AServerDown_TheQueryFailsWithAClearError_AndAfterItsRestartTheSameQueryIsAnswered()
    {
        await UploadAsync();
        stats.Run.KillServer(2);
        try
        {
            (int code, string _, string error) = await QueryAsync(CloudDevelopmentSetup.Analyst, "count(), mean(age)");

            Assert.Equal(2, code);
            Assert.Contains("only 2 of 3 servers answer (down: s3)", error, StringComparison.Ordinal);
        }
        finally
        {
            stats.Run.StartServer(2);
            await stats.Run.WaitForServerAsync(2, TimeSpan.FromMinutes(2));
        }

        (int again, string output, string againError) = await QueryAsync(CloudDevelopmentSetup.Analyst, "count(), mean(age)");
        Assert.True(again == 0, againError);
        Assert.Equal(Rows, JsonDocument.Parse(output).RootElement.GetProperty("answer").GetProperty("groups")[0].GetProperty("count").GetInt64());
    }

    private HttpClient As(string name, int server) =>
        EtsiClients.ForName(new Uri($"https://127.0.0.1:{stats.Run.Ports[server]}/"), Path.Combine(stats.Directory, "pki"), name, stats.Run.ServerNames[server]);
}
