using QkdNet.Services.Cloud.Client;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Cloud;

/// <summary>A <see cref="CloudClient"/> wired from a client configuration: the owner's KME client, a connection per server, the map. Dispose to close them.</summary>
public sealed class CloudSession : IDisposable
{
    private readonly EtsiKeyDeliveryClient _kme;
    private readonly ShareServerConnection[] _servers;

    private CloudSession(CloudClientSettings settings, EtsiKeyDeliveryClient kme, ShareServerConnection[] servers, CloudClient client)
    {
        Settings = settings;
        _kme = kme;
        _servers = servers;
        Client = client;
    }

    /// <summary>The configuration.</summary>
    public CloudClientSettings Settings { get; }

    /// <summary>The client.</summary>
    public CloudClient Client { get; }

    /// <summary>Opens the map and the connections (nothing is contacted yet); a map that cannot be read fails with the reason.</summary>
    public static Result<CloudSession> Open(CloudClientSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Result<ObjectMap> map = ObjectMap.Load(settings.MapPath);
        if (!map.IsSuccess)
        {
            return Result<CloudSession>.Fail(map.Error!);
        }

        var kme = EtsiKeyDeliveryClient.Create(new KmeConnection(settings.KmeUrl, settings.CaPath, settings.CertificatePath, settings.KeyPath, settings.KmeId), time: time);
        ShareServerConnection[] servers = [.. settings.Servers.Select(s => new ShareServerConnection(s.Name, s.Url, settings.CaPath, settings.CertificatePath, settings.KeyPath))];
        var client = new CloudClient(new QkdKeySource(kme), servers, map.Value, settings.Protection, time ?? TimeProvider.System);
        return new CloudSession(settings, kme, servers, client);
    }

    /// <summary>Writes the map back (after a change).</summary>
    public void SaveMap() => Client.Map.Save(Settings.MapPath);

    /// <inheritdoc />
    public void Dispose()
    {
        _kme.Dispose();
        foreach (ShareServerConnection server in _servers)
        {
            server.Dispose();
        }
    }
}
