using QkdNet.KeyManagement;
using QkdNet.Node.Hosting;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Node.Cloud;

/// <summary>Reads and checks a cloud client configuration (see deploy/cloud-client.json); errors name the field.</summary>
public static class CloudClientConfigLoader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    public static Result<CloudClientSettings> Load(string path) => ServiceConfigReader.Load(path, Parse);

    /// <summary>Checks <paramref name="json"/>; relative paths from <paramref name="baseDirectory"/>.</summary>
    public static Result<CloudClientSettings> Parse(string json, string baseDirectory)
    {
        Result<CloudClientConfigFile> read = ServiceConfigReader.Deserialize<CloudClientConfigFile>(json);
        if (!read.IsSuccess)
        {
            return Result<CloudClientSettings>.Fail(read.Error!);
        }

        CloudClientConfigFile file = read.Value;
        string Full(string p) => Path.GetFullPath(p, baseDirectory);
        if (file.Owner is not { } owner || !SaeId.TryCreate(owner, out _))
        {
            return Result<CloudClientSettings>.Fail("$.owner: required, the owner's SAE ID (its certificate's common name).");
        }

        if (file.Certificate is not { Length: > 0 } certificate || file.Key is not { Length: > 0 } key || file.Ca is not { Length: > 0 } ca)
        {
            return Result<CloudClientSettings>.Fail("$: certificate, key and ca (PEM files) are required.");
        }

        if (file.Kme is not { Url: { } url, KmeId: { Length: > 0 } kmeId } || !Uri.TryCreate(url, UriKind.Absolute, out Uri? kmeUrl) || kmeUrl.Scheme != Uri.UriSchemeHttps)
        {
            return Result<CloudClientSettings>.Fail("$.kme: required, with url (https://...) and kme_id.");
        }

        if (file.Servers is not { Length: > 0 } servers)
        {
            return Result<CloudClientSettings>.Fail("$.servers: required, a non-empty list of {\"name\", \"url\"}.");
        }

        var list = new List<(string, Uri)>();
        for (int i = 0; i < servers.Length; i++)
        {
            if (servers[i] is not { Name: { } name, Url: { } text } || !SaeId.TryCreate(name, out _) || !Uri.TryCreate(text, UriKind.Absolute, out Uri? server) || server.Scheme != Uri.UriSchemeHttps)
            {
                return Result<CloudClientSettings>.Fail($"$.servers[{i}]: needs name (the server's SAE ID) and url (https://...).");
            }

            if (list.Any(s => s.Item1 == name))
            {
                return Result<CloudClientSettings>.Fail($"$.servers[{i}]: '{name}' is listed twice.");
            }

            list.Add((name, server));
        }

        var defaults = new ShareProtectionSettings();
        var protection = new ShareProtectionSettings
        {
            OneTimePadMaxBytes = file.OtpMaxBytes ?? defaults.OneTimePadMaxBytes,
            OneTimePadKeyBits = file.OtpKeyBits ?? defaults.OneTimePadKeyBits,
            SegmentBytes = file.SegmentBytes ?? defaults.SegmentBytes,
            RekeyBytes = file.RekeyBytes ?? defaults.RekeyBytes,
        };
        if (protection.Problem() is { } problem)
        {
            return Result<CloudClientSettings>.Fail("$: " + problem);
        }

        return new CloudClientSettings(owner, Full(certificate), Full(key), Full(ca), kmeUrl, kmeId, list, Full(file.Map ?? owner + "-cloud-map.json"), protection);
    }
}
