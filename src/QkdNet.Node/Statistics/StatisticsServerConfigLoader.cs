using System.Net;
using Microsoft.Extensions.Logging;
using QkdNet.Node.Hosting;
using QkdNet.Services.Cloud.Access;

namespace QkdNet.Node.Statistics;

/// <summary>Reads a statistics server's configuration (deploy/stats-server.json); every failure is one line naming the field.</summary>
public static class StatisticsServerConfigLoader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    public static Result<StatisticsServerSettings> Load(string path) => ServiceConfigReader.Load(path, Parse);

    /// <summary>Checks <paramref name="json"/>; relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static Result<StatisticsServerSettings> Parse(string json, string baseDirectory)
    {
        Result<StatisticsServerConfigFile> parsed = ServiceConfigReader.Deserialize<StatisticsServerConfigFile>(json);
        if (!parsed.IsSuccess)
        {
            return Result<StatisticsServerSettings>.Fail(parsed.Error!);
        }

        StatisticsServerConfigFile file = parsed.Value;
        string Full(string p) => Path.GetFullPath(p, baseDirectory);
        Result<string> checkedName = ServiceConfigReader.Name(file.Name);
        if (!checkedName.IsSuccess)
        {
            return Result<StatisticsServerSettings>.Fail(checkedName.Error!);
        }

        string name = checkedName.Value;
        Result<IPEndPoint> checkedListen = ServiceConfigReader.Listen(file.Listen, "127.0.0.1:9543");
        if (!checkedListen.IsSuccess)
        {
            return Result<StatisticsServerSettings>.Fail(checkedListen.Error!);
        }

        IPEndPoint listen = checkedListen.Value;

        if (file.Tls is not { Certificate: { Length: > 0 } certificate, Key: { Length: > 0 } key, Ca: { Length: > 0 } ca })
        {
            return Result<StatisticsServerSettings>.Fail("$.tls: required, with certificate, key and ca (PEM files).");
        }

        if (file.PairwiseKeys is not (null or "qkd" or "development"))
        {
            return Result<StatisticsServerSettings>.Fail("$.pairwise_keys: \"qkd\" (keys from each server's KME, the default) or \"development\" (over TLS, NOT QKD).");
        }

        bool development = file.PairwiseKeys == "development";
        Uri? kmeUrl = null;
        if (!development && (file.Kme is not { Url: { } url, KmeId: { Length: > 0 } } || !Uri.TryCreate(url, UriKind.Absolute, out kmeUrl) || kmeUrl.Scheme != Uri.UriSchemeHttps))
        {
            return Result<StatisticsServerSettings>.Fail("$.kme: required with pairwise_keys \"qkd\" (the default): url (https://...) and kme_id of the KME this server is an SAE of.");
        }

        var servers = new List<StatisticsPeer>();
        foreach (StatisticsServerConfigFile.ServerFile server in file.Servers ?? [])
        {
            if (server.Name is not { } peerName || !ServiceConfigReader.IsName(peerName) || !Uri.TryCreate(server.Url, UriKind.Absolute, out Uri? peerUrl) || peerUrl.Scheme != Uri.UriSchemeHttps)
            {
                return Result<StatisticsServerSettings>.Fail($"$.servers[{servers.Count}]: needs a name and an https:// url.");
            }

            if (servers.Any(s => s.Name == peerName))
            {
                return Result<StatisticsServerSettings>.Fail($"$.servers[{servers.Count}]: '{peerName}' is listed twice.");
            }

            servers.Add(new StatisticsPeer(peerName, peerUrl));
        }

        int threshold = file.Threshold ?? 1;
        if (servers.Count < 3 || servers.All(s => s.Name != name))
        {
            return Result<StatisticsServerSettings>.Fail("$.servers: at least 3 servers in party order, this one among them, listed alike at every server.");
        }

        if (threshold < 1 || (2 * threshold) + 1 > servers.Count)
        {
            return Result<StatisticsServerSettings>.Fail($"$.threshold: from 1 to {(servers.Count - 1) / 2} for {servers.Count} servers (2t + 1 must be up to multiply).");
        }

        Result<AccessPolicy> policy = ServiceConfigReader.Policy(file.Policy, baseDirectory, "the access policy file (roles owner, analyst, auditor)");
        if (!policy.IsSuccess)
        {
            return Result<StatisticsServerSettings>.Fail(policy.Error!);
        }

        int minimum = file.MinimumGroupSize ?? 5;
        if (minimum < 2)
        {
            return Result<StatisticsServerSettings>.Fail("$.minimum_group_size: at least 2 (1 would answer about single records).");
        }

        double timeout = file.RoundTimeoutSeconds ?? 120;
        if (!(timeout is >= 1 and <= 3600))
        {
            return Result<StatisticsServerSettings>.Fail("$.round_timeout_seconds: from 1 to 3600.");
        }

        Result<LogLevel> level = ServiceConfigReader.LogLevel(file.LogLevel);
        if (!level.IsSuccess)
        {
            return Result<StatisticsServerSettings>.Fail(level.Error!);
        }

        return new StatisticsServerSettings(name, listen, Full(certificate), Full(key), Full(ca), kmeUrl, file.Kme?.KmeId ?? "", development,
            servers, threshold, Full(file.Data ?? name + "-stats"), policy.Value, minimum, TimeSpan.FromSeconds(timeout), level.Value)
        {
            RecordPeerMessages = file.RecordPeerMessages is { Length: > 0 } record ? Full(record) : null,
        };
    }
}
