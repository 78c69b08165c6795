using Microsoft.AspNetCore.Builder;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Configuration;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;

namespace QkdNet.Node.Tests.Support;

/// <summary>
/// Two KMEs (A and B) as real Kestrel servers with mutual TLS on 127.0.0.1, in this process, joined by a
/// random-source link; SAEs <c>sae-a1</c>, <c>sae-a2</c> on A and <c>sae-b1</c>, <c>sae-b2</c> on B.
/// Started once per test collection; pools are filled before the first test.
/// </summary>
public sealed class InProcessNetwork : IAsyncLifetime
{
    private WebApplication? _a;
    private WebApplication? _b;

    public DevelopmentNetwork Network { get; private set; } = null!;

    public KmeTarget Target => new(Network.UrlA, Network.UrlB, Network.Pki, "sae-a1", "sae-b1", "sae-b2", "A", "B");

    public async Task InitializeAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "qkdnet-node-tests-" + Guid.NewGuid().ToString("N"));
        Network = DevelopmentNetwork.Create(directory, ["sae-a1", "sae-a2"], ["sae-b1", "sae-b2"], highWatermarkBits: 4L << 20, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations,
            caKeyDirectory: Path.Combine(directory, "ca-key"));
        _a = KmeHost.Build(Load(Network.ConfigA));
        _b = KmeHost.Build(Load(Network.ConfigB));
        await _a.StartAsync();
        await _b.StartAsync();
        using HttpClient master = Target.MasterClient();
        await Wait.UntilStoredKeysAsync(master, "sae-b1", 8192);
        using HttpClient reverse = EtsiClients.ForName(Network.UrlB, Network.Pki, "sae-b1", "B");
        await Wait.UntilStoredKeysAsync(reverse, "sae-a1", 8192);
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.StopAsync();
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.StopAsync();
            await _b.DisposeAsync();
        }

        try
        {
            Directory.Delete(Network.Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow shutdown; the temp folder is cleaned by the OS
        }
    }

    private static NodeSettings Load(string path)
    {
        Result<NodeSettings> result = NodeConfigLoader.Load(path);
        return result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Error);
    }
}

[CollectionDefinition(Name)]
public sealed class InProcessNetworkCollection : ICollectionFixture<InProcessNetwork>
{
    public const string Name = "in-process KME pair";
}
