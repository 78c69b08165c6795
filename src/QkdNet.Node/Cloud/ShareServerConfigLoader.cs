using System.Net;
using Microsoft.Extensions.Logging;
using QkdNet.Node.Hosting;
using QkdNet.Services.Cloud.Access;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Node.Cloud;

/// <summary>
/// Reads and checks a share server's configuration. Every error names the field and the problem; unknown fields are
/// errors; relative paths are taken from the configuration file's folder. See deploy/share-server.json.
/// </summary>
public static class ShareServerConfigLoader
{
    /// <summary>The default largest share: 512 MiB.</summary>
    public const long DefaultMaxShareBytes = 512L << 20;

    /// <summary>Reads <paramref name="path"/>; a failure is one line naming the field and the problem.</summary>
    public static Result<ShareServerSettings> Load(string path) => ServiceConfigReader.Load(path, Parse);

    /// <summary>Checks configuration <paramref name="json"/>; relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static Result<ShareServerSettings> Parse(string json, string baseDirectory)
    {
        Result<ShareServerConfigFile> read = ServiceConfigReader.Deserialize<ShareServerConfigFile>(json);
        if (!read.IsSuccess)
        {
            return Result<ShareServerSettings>.Fail(read.Error!);
        }

        ShareServerConfigFile file = read.Value;
        string Full(string p) => Path.GetFullPath(p, baseDirectory);
        Result<string> named = ServiceConfigReader.Name(file.Name);
        Result<IPEndPoint> listening = ServiceConfigReader.Listen(file.Listen, "127.0.0.1:9443");
        if (!named.IsSuccess || !listening.IsSuccess)
        {
            return Result<ShareServerSettings>.Fail(named.Error ?? listening.Error!);
        }

        string name = named.Value;
        IPEndPoint listen = listening.Value;

        if (file.Tls is not { Certificate: { Length: > 0 } certificate, Key: { Length: > 0 } key, Ca: { Length: > 0 } ca })
        {
            return Result<ShareServerSettings>.Fail("$.tls: required, with certificate, key and ca (PEM files).");
        }

        if (file.Kme is not { Url: { } url, KmeId: { Length: > 0 } kmeId } || !Uri.TryCreate(url, UriKind.Absolute, out Uri? kmeUrl) || kmeUrl.Scheme != Uri.UriSchemeHttps)
        {
            return Result<ShareServerSettings>.Fail("$.kme: required, with url (https://...) and kme_id: the KME this server is an SAE of.");
        }

        ShareServerConfigFile.StoreFile store = file.Store ?? new ShareServerConfigFile.StoreFile { Path = name + ".db" };
        if (store.Postgres is { } pg && (pg.ConnectionString is not { Length: > 0 } || pg.Schema is not { Length: > 0 } schema || !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            return Result<ShareServerSettings>.Fail("$.store.postgres: needs connection_string and schema (letters, digits, underscores).");
        }

        if (store.MaxBytes is { } quota && (quota < 1 << 20 || store.Postgres is not null))
        {
            return Result<ShareServerSettings>.Fail("$.store.max_bytes: a quota on the SQLite file of at least 1048576 bytes (not for a PostgreSQL store).");
        }

        Result<AccessPolicy> policy = ServiceConfigReader.Policy(file.Policy, baseDirectory, "the access policy file (see deploy/share-policy.json)");
        if (!policy.IsSuccess)
        {
            return Result<ShareServerSettings>.Fail(policy.Error!);
        }

        long maxShare = file.MaxShareBytes ?? DefaultMaxShareBytes;
        if (maxShare is < 1 or > 1_000_000_000)
        {
            return Result<ShareServerSettings>.Fail("$.max_share_bytes: from 1 to 1000000000 (the databases' limit on one value).");
        }

        var protection = new ShareProtectionSettings { OneTimePadMaxBytes = file.OtpMaxBytes ?? new ShareProtectionSettings().OneTimePadMaxBytes };
        if (protection.Problem() is { } bad)
        {
            return Result<ShareServerSettings>.Fail("$.otp_max_bytes: " + bad);
        }

        Result<LogLevel> level = ServiceConfigReader.LogLevel(file.LogLevel);
        if (!level.IsSuccess)
        {
            return Result<ShareServerSettings>.Fail(level.Error!);
        }

        return new ShareServerSettings(name, listen, Full(certificate), Full(key), Full(ca), kmeUrl, kmeId,
            Full(store.Path ?? name + ".db"), store.Postgres?.ConnectionString, store.Postgres?.Schema ?? name, policy.Value, maxShare, protection, level.Value)
        {
            MaxDatabaseBytes = store.MaxBytes,
        };
    }
}
