using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Process;

/// <summary>
/// The trade application end to end as real processes: <c>qkdnet trade</c> on its own development network, and
/// <c>trade broker</c> and <c>trade investor</c> from configuration files against two running KMEs.
/// </summary>
[Trait("Category", "Process")]
public sealed class TradeProcessTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "QkdNet.Cli.dll");

    [Fact]
    public async Task Trade_SmallRun_CompletesEveryOrderUnderTheOneTimePad_ComparesTheLinks_AndTearsDown()
    {
        // A temporary folder of this test's own, so other runs on the machine (tests in parallel, a benchmark) cannot
        // leave or remove a development network in it while this one runs.
        string temp = Directory.CreateTempSubdirectory("qkdnet-test-tmp-").FullName;
        (int code, string stdout, string stderr) result;
        try
        {
            result = await RunCliAsync(TimeSpan.FromMinutes(8), new Dictionary<string, string> { ["TMPDIR"] = temp }, "trade", "--orders", "300", "--rate", "500", "--json");
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp, "qkdnet-trade-*"));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }

        (int code, string stdout, string stderr) = result;

        Assert.True(code == 0, stderr);
        using JsonDocument report = JsonDocument.Parse(stdout);
        JsonElement root = report.RootElement;
        Assert.Equal(300, root.GetProperty("completed").GetInt64());
        Assert.Equal(0, root.GetProperty("faults").GetProperty("rejected").GetInt64());
        Assert.Equal(0, root.GetProperty("modes").GetProperty("aes").GetInt64());
        // orders and their reports, warm-up included, all under the one-time pad
        Assert.True(root.GetProperty("modes").GetProperty("otp").GetInt64() >= 600);
        Assert.True(root.GetProperty("key_bits_per_order").GetDouble() > 8 * 2 * 100, "an order and its report each use their length of pad");
        foreach (string link in new[] { "plain_tcp", "tls13", "aes_gcm_qkd" })
        {
            Assert.Equal(300, root.GetProperty("compare").GetProperty(link).GetProperty("count").GetInt64());
        }

        // its development network (certificates, stores) was gone with it: checked in its own temporary folder above
    }

    [Fact]
    public async Task Trade_BrokerKmeKilledMidRun_TheBuffersCarryTheSession_AndTheFailedFetchesAreCountedUnderFaults()
    {
        (int code, string stdout, string stderr) = await RunCliAsync(
            TimeSpan.FromMinutes(8), "trade", "--orders", "300", "--rate", "200", "--kill-broker-kme-after", "100", "--json");

        Assert.True(code == 0, stderr);
        Assert.Contains("the broker's KME was killed after 100 measured orders", stderr, StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(stdout);
        JsonElement root = report.RootElement;
        JsonElement faults = root.GetProperty("faults");
        Assert.Equal(300, root.GetProperty("completed").GetInt64());
        Assert.Equal(100, faults.GetProperty("broker_kme_killed_after").GetInt64());
        Assert.True(faults.GetProperty("kme_fetch_failures").GetInt64() > 0, stdout);
        Assert.Equal(0, faults.GetProperty("rejected").GetInt64());
        Assert.Equal(0, root.GetProperty("compare").GetProperty("aes_gcm_qkd").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task BrokerAndInvestor_FromConfigFiles_TradeThroughTheirOwnKmes()
    {
        string directory = Path.Combine(Path.GetTempPath(), "qkdnet-trade-config-" + Guid.NewGuid().ToString("N"));
        DevelopmentNetwork network = DevelopmentNetwork.Create(directory, ["investor"], ["broker"], highWatermarkBits: 16L << 20, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations);
        int port = DevelopmentNetwork.FreeLoopbackPorts(1)[0];
        File.WriteAllText(Path.Combine(directory, "broker.json"), Config("broker", "investor", network.UrlB, "B", "listen", port, orders: null));
        File.WriteAllText(Path.Combine(directory, "investor.json"), Config("investor", "broker", network.UrlA, "A", "broker", port, orders: 200));
        using NodeProcess a = NodeProcess.Start(Cli, network.ConfigA);
        using NodeProcess b = NodeProcess.Start(Cli, network.ConfigB);
        using (HttpClient master = EtsiClients.ForName(network.UrlA, network.Pki, "investor", "A"))
        {
            // 8192-bit keys counted in the pool's 256-bit units: enough for both directions' first batches
            await Wait.UntilStoredKeysAsync(master, "broker", 8192);
        }

        using NodeProcess broker = NodeProcess.StartCommand(Cli, "trade", "broker", "--config", Path.Combine(directory, "broker.json"));
        try
        {
            (int code, string stdout, string stderr) = await RunCliAsync(TimeSpan.FromMinutes(5), "trade", "investor", "--config", Path.Combine(directory, "investor.json"));

            Assert.True(code == 0, stderr + stdout + broker.Output);
            Assert.Contains("200 of 200 orders answered", stdout, StringComparison.Ordinal);
            Assert.Contains("rejected 0", stdout, StringComparison.Ordinal);
        }
        finally
        {
            broker.KillHard();
            a.KillHard();
            b.KillHard();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // the OS cleans the temp folder
            }
        }
    }

    private static string Config(string sae, string peer, Uri kme, string kmeId, string addressField, int port, int? orders)
    {
        var config = new JsonObject
        {
            ["sae_id"] = sae,
            ["peer_sae_id"] = peer,
            ["kme"] = new JsonObject { ["url"] = kme.ToString(), ["kme_id"] = kmeId, ["ca"] = "pki/ca.crt", ["certificate"] = $"pki/{sae}.crt", ["key"] = $"pki/{sae}.key" },
            [addressField] = "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["policy"] = "wait",
            ["key_size_bits"] = 8192,
        };
        if (orders is { } count)
        {
            config["orders"] = count;
            config["rate"] = 200;
        }

        return config.ToJsonString();
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunCliAsync(TimeSpan limit, params string[] arguments) =>
        RunCliAsync(limit, new Dictionary<string, string>(), arguments);

    private static async Task<(int Code, string Stdout, string Stderr)> RunCliAsync(TimeSpan limit, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Cli);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"qkdnet {string.Join(' ', arguments)} did not finish within {limit}: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
