using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.KeyManagement;
using QkdNet.Node.Controller;
using QkdNet.Node.Network;
using QkdNet.Quantum;

namespace QkdNet.Node.Tests.Network;

public sealed class ControllerReporterTests
{
    private static readonly LinkId Link = LinkId.Create("AB");

    [Fact]
    public async Task Sample_QberNotANumber_GoesOnTheWireAsNull_NotAsZero()
    {
        var status = new QkdModuleStatus(null, 0, 0, 1, "no estimate");

        LinkSampleDto sample = ControllerReporter.Sample(Link, status, aborted: true, 10, 100);

        Assert.Null(sample.Qber);
        using JsonContent content = JsonContent.Create(sample);
        using JsonDocument wire = JsonDocument.Parse(await content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, wire.RootElement.GetProperty("qber").ValueKind);
    }

    [Fact]
    public void Sample_AuthenticationFailed_IsReported()
    {
        var status = new QkdModuleStatus(Qber.Create(0.02), 0, 3, 1, "Wegman-Carter authentication failed") { AuthenticationFailed = true };

        LinkSampleDto sample = ControllerReporter.Sample(Link, status, aborted: true, 10, 100);

        Assert.True(sample.AuthenticationFailed);
        Assert.Equal(0.02, sample.Qber);
    }
}
