using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using QkdNet.Node.Configuration;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Hosting;

/// <summary>A node marked development says so: in its start-up log, its ETSI status and its metrics.</summary>
[Collection(InProcessNetworkCollection.Name)]
public sealed class DevelopmentNodeTests(InProcessNetwork network)
{
    [Fact]
    public async Task Status_OfDevelopmentNode_CarriesTheDevelopmentMarker()
    {
        using HttpClient master = network.Target.MasterClient();
        JsonElement status = await master.GetFromJsonAsync<JsonElement>("api/v1/keys/sae-b1/status");
        Assert.True(status.GetProperty("status_extension").GetProperty("qkdnet_development").GetBoolean());
    }

    [Fact]
    public async Task Metrics_OfDevelopmentNode_ShowTheDevelopmentGauge()
    {
        using HttpClient ops = EtsiClients.ForName(network.Network.UrlA, network.Network.Pki, DevelopmentNetwork.Admin, "A");
        string metrics = await ops.GetStringAsync("metrics");
        Assert.Contains("qkdnet_node_development 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_OfDevelopmentNode_WarnsNamingEachLinksOrigin()
    {
        NodeSettings settings = NodeConfigLoader.Load(network.Network.ConfigA).Value;
        var logger = new CapturingLogger<DevelopmentNodeTests>();

        DevelopmentNotice.Log(logger, settings);

        string line = await logger.NextLineAsync();
        Assert.Contains("DEVELOPMENT NODE A", line, StringComparison.Ordinal);
        Assert.Contains("AB: synthetic", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Notice_OfProductionNode_LogsNothing()
    {
        NodeSettings settings = NodeConfigLoader.Load(network.Network.ConfigA).Value with { Development = false };
        var logger = new RecordingLogger();

        DevelopmentNotice.Log(logger, settings);

        Assert.Equal(0, logger.Count);
    }

    private sealed class RecordingLogger : ILogger
    {
        public int Count { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => Count++;
    }
}
