using System.Text.Json.Nodes;
using QkdNet.Cli;
using QkdNet.Cli.Trade;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Cli.Trade;

/// <summary>The configuration of <c>trade broker</c> and <c>trade investor</c>: a good file loads; each mistake is one line naming the field.</summary>
public sealed class TradeConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-trade-config-").FullName;

    public TradeConfigTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "pki"));
        foreach (string file in new[] { "ca.crt", "investor.crt", "investor.key" })
        {
            File.WriteAllText(Path.Combine(_folder, "pki", file), "not read by the parser");
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Investor_GoodFile_LoadsWithPathsFromItsFolder()
    {
        Result<TradeConfig> config = TradeConfig.Load(Write(Investor()), "investor");

        Assert.True(config.IsSuccess, config.Error);
        Assert.Equal("investor", config.Value.Sae.Value);
        Assert.Equal("broker", config.Value.Peer.Value);
        Assert.Equal(FallbackPolicy.Aes, config.Value.Policy);
        Assert.Equal(9878, config.Value.Address.Port);
        Assert.Equal(Path.Combine(_folder, "pki", "ca.crt"), config.Value.Kme.CaPem);
        Assert.Equal(500, config.Value.Orders);
    }

    [Theory]
    [InlineData("sae_id", null, "$.sae_id")]
    [InlineData("policy", "sometimes", "$.policy")]
    [InlineData("broker", "localhost", "$.broker")]
    [InlineData("orders", null, "$.orders")]
    [InlineData("rate", 0, "$.rate")]
    [InlineData("key_size_bits", 100, "$.key_size_bits")]
    public void Investor_BadField_IsNamedInTheError(string field, object? value, string named)
    {
        JsonObject config = Investor();
        config[field] = value is null ? null : JsonValue.Create(value);
        if (value is null)
        {
            config.Remove(field);
        }

        Result<TradeConfig> loaded = TradeConfig.Load(Write(config), "investor");

        Assert.False(loaded.IsSuccess);
        Assert.Contains(named, loaded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Kme_MissingCertificateFile_IsNamedWithItsPath()
    {
        JsonObject config = Investor();
        config["kme"]!["certificate"] = "pki/nobody.crt";

        Result<TradeConfig> loaded = TradeConfig.Load(Write(config), "investor");

        Assert.Contains("$.kme.certificate", loaded.Error, StringComparison.Ordinal);
        Assert.Contains("nobody.crt", loaded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Kme_HttpUrl_IsRefused()
    {
        JsonObject config = Investor();
        config["kme"]!["url"] = "http://127.0.0.1:8443/";

        Assert.Contains("$.kme.url", TradeConfig.Load(Write(config), "investor").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Broker_NeedsListenNotOrders()
    {
        JsonObject config = Investor();
        config.Remove("broker");
        config.Remove("orders");
        config.Remove("rate");
        config["listen"] = "127.0.0.1:9878";

        Result<TradeConfig> loaded = TradeConfig.Load(Write(config), "broker");

        Assert.True(loaded.IsSuccess, loaded.Error);
    }

    [Fact]
    public void NotJson_SaysSo()
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, "{ \"sae_id\": ");

        Assert.Contains("not valid JSON", TradeConfig.Load(path, "broker").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_BadConfig_Exits2WithOneLine()
    {
        JsonObject config = Investor();
        config["policy"] = "sometimes";

        (int code, string stdout, string stderr) = await CliRunner.RunAsync("trade", "investor", "--config", Write(config));

        Assert.Equal(CliApp.BadInput, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("$.policy", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Command_MissingFile_Exits2()
    {
        (int code, _, string stderr) = await CliRunner.RunAsync("trade", "broker", "--config", Path.Combine(_folder, "none.json"));

        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
    }

    private static JsonObject Investor() => new()
    {
        ["sae_id"] = "investor",
        ["peer_sae_id"] = "broker",
        ["kme"] = new JsonObject { ["url"] = "https://127.0.0.1:8443/", ["kme_id"] = "A", ["ca"] = "pki/ca.crt", ["certificate"] = "pki/investor.crt", ["key"] = "pki/investor.key" },
        ["broker"] = "127.0.0.1:9878",
        ["policy"] = "aes",
        ["orders"] = 500,
        ["rate"] = 100,
    };

    private string Write(JsonObject config)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }
}
