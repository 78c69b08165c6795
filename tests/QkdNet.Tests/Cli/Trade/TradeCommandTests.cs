using System.Text.Json;
using QkdNet.Cli;
using QkdNet.Cli.Trade;

namespace QkdNet.Tests.Cli.Trade;

/// <summary><c>qkdnet trade</c>: bad options are refused before anything starts, and the report's JSON has the fields the issue names.</summary>
public sealed class TradeCommandTests
{
    [Theory]
    [InlineData("--orders", "0")]
    [InlineData("--rate", "0")]
    [InlineData("--rate", "1000000")]
    [InlineData("--hops", "9")]
    [InlineData("--policy", "maybe")]
    [InlineData("--kill-broker-kme-after", "-1")]
    [InlineData("--kill-broker-kme-after", "100000")]
    public async Task BadOption_Exits2NamingItAndStartsNothing(string option, string value)
    {
        (int code, string stdout, string stderr) = await CliRunner.RunAsync("trade", option, value);

        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(stdout);
    }

    [Fact]
    public void Report_SerializesTheIssuesFieldNames()
    {
        var latency = new LatencySummary(100, 200, 300.5, 400, 10);
        var report = new TradeReport(10, 10, 0, 1000, "wait", 1, latency, new TradeModes(20, 0), 3700, 4300, 4.3e6, 1e8,
            new TradePool(1 << 20, 1, 2, "random"), new TradeFaults(0, 0, 0, 0), new TradeComparison(latency, latency, latency, 1), "notes");

        using JsonDocument json = JsonDocument.Parse(Json.Serialize(report));
        JsonElement root = json.RootElement;

        Assert.Equal(10, root.GetProperty("orders").GetInt64());
        Assert.Equal(300.5, root.GetProperty("round_trip_us").GetProperty("p99_9").GetDouble());
        foreach (string field in new[] { "p50", "p99", "max" })
        {
            Assert.True(root.GetProperty("round_trip_us").TryGetProperty(field, out _), field);
        }

        Assert.Equal(20, root.GetProperty("modes").GetProperty("otp").GetInt64());
        Assert.Equal(0, root.GetProperty("modes").GetProperty("aes").GetInt64());
        foreach (string field in new[] { "key_bits_per_order", "key_rate_needed_bps", "key_rate_supplied_bps" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        foreach (string link in new[] { "plain_tcp", "tls13", "aes_gcm_qkd" })
        {
            Assert.Equal(300.5, root.GetProperty("compare").GetProperty(link).GetProperty("p99_9").GetDouble());
        }
    }
}
