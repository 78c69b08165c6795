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

    /// <summary>The owner's root key file: the map's path + <c>.root</c>, 32 random bytes, owner-only.</summary>
    public string RootKeyPath => Settings.MapPath + ".root";

    /// <summary>
    /// Writes the map, then backs it up, secret-shared, to the servers under the owner's root key (created on first use).
    /// Null when both succeeded, else why the backup did not (the local map is written regardless).
    /// </summary>
    public async Task<string?> SaveAndBackUpMapAsync(CancellationToken cancellationToken)
    {
        SaveMap();
        byte[] root = LoadOrCreateRootKey();
        try
        {
            Result<int> backup = await Client.BackupMapAsync(root, cancellationToken).ConfigureAwait(false);
            SaveMap();
            return backup.IsSuccess ? null : backup.Error;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(root);
        }
    }

    /// <summary>The root key (read, or created owner-only when missing).</summary>
    public byte[] LoadOrCreateRootKey()
    {
        if (File.Exists(RootKeyPath))
        {
            return File.ReadAllBytes(RootKeyPath);
        }

        byte[] root = System.Security.Cryptography.RandomNumberGenerator.GetBytes(CloudClient.RootKeyBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = QkdNet.KeyManagement.Storage.StoreFiles.OwnerOnlyFile;
        }

        using (var stream = new FileStream(RootKeyPath, options))
        {
            stream.Write(root);
        }

        return root;
    }

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
