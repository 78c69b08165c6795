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
        WriteRootKey(root, FileMode.CreateNew);
        return root;
    }

    /// <summary>Writes <paramref name="root"/> (restored from the password) as the root key file, owner-only, replacing any.</summary>
    public void SaveRootKey(ReadOnlySpan<byte> root) => WriteRootKey(root, FileMode.Create);

    private void WriteRootKey(ReadOnlySpan<byte> root, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = QkdNet.KeyManagement.Storage.StoreFiles.OwnerOnlyFile;
        }

        using var stream = new FileStream(RootKeyPath, options);
        stream.Write(root);
    }

    /// <summary>The owner's user name for the password scheme: the common name of the client certificate.</summary>
    public string OwnerName()
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Settings.CertificatePath));
        return QkdNet.Node.Security.TrustAnchor.CommonName(certificate);
    }

    /// <summary>
    /// The TOPPSS client over every configured server (in the configuration's order, which fixes the share indices), at
    /// the map backup's threshold, ⌊n/2⌋+1 of n.
    /// </summary>
    public Result<QkdNet.Services.Cloud.Password.PasswordRestoreClient> PasswordClient() =>
        QkdNet.Services.Cloud.Password.PasswordRestoreClient.Create(
            [.. _servers.Select(s => new QkdNet.Services.Cloud.Password.OprfServerConnection(s.Server, s.Password))], (_servers.Length / 2) + 1);

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
