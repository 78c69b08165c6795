using System.Text.Json;
using System.Text.Json.Serialization;

namespace QkdNet.Node.Statistics;

/// <summary>A statistics client's configuration (deploy/stats-client.json): its identity and the servers in party order.</summary>
/// <param name="CertificatePath">The user's certificate (PEM); its common name is the user.</param>
/// <param name="KeyPath">Its key.</param>
/// <param name="CaPath">The CA bundle the servers chain to.</param>
/// <param name="Servers">The servers, in party order.</param>
/// <param name="Threshold">Their Shamir threshold t.</param>
public sealed record StatisticsClientSettings(string CertificatePath, string KeyPath, string CaPath, IReadOnlyList<StatisticsPeer> Servers, int Threshold)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads <paramref name="path"/>; relative paths are taken from its folder. One sentence on failure.</summary>
    public static Result<StatisticsClientSettings> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        File? file;
        try
        {
            file = JsonSerializer.Deserialize<File>(System.IO.File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Result<StatisticsClientSettings>.Fail($"cannot read the client configuration {path}: {e.Message.Split('\n')[0]}");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (file is not { Certificate.Length: > 0, Key.Length: > 0, Ca.Length: > 0, Servers.Count: >= 3 })
        {
            return Result<StatisticsClientSettings>.Fail($"{path}: needs certificate, key, ca and servers (at least 3, each with name and url).");
        }

        var servers = new List<StatisticsPeer>();
        foreach (ServerFile server in file.Servers)
        {
            if (server.Name is not { Length: > 0 } name || !Uri.TryCreate(server.Url, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
            {
                return Result<StatisticsClientSettings>.Fail($"{path}: servers[{servers.Count}] needs a name and an https:// url.");
            }

            servers.Add(new StatisticsPeer(name, url));
        }

        int threshold = file.Threshold ?? 1;
        if (threshold < 1 || (2 * threshold) + 1 > servers.Count)
        {
            return Result<StatisticsClientSettings>.Fail($"{path}: threshold must be from 1 to {(servers.Count - 1) / 2} for {servers.Count} servers.");
        }

        return new StatisticsClientSettings(Path.GetFullPath(file.Certificate, folder), Path.GetFullPath(file.Key, folder), Path.GetFullPath(file.Ca, folder), servers, threshold);
    }

    private sealed record File(string? Certificate, string? Key, string? Ca, List<ServerFile>? Servers, int? Threshold);

    private sealed record ServerFile(string? Name, string? Url);
}
