using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using QkdNet.Development.Pki;

using QkdNet.Node.Cloud;

namespace QkdNet.Development.Cloud;

/// <summary>
/// A development secure cloud on loopback: the two-KME <see cref="DevelopmentNetwork"/> (the owner an SAE of A, the data
/// servers SAEs of B), a policy (owner <c>alice</c>, analyst <c>bob</c>, auditor <c>carol</c>, operator <c>ops</c>; the
/// <c>stranger</c> certificate chains to the CA but is in no policy), one <c>share-server</c> configuration per server
/// and the owner's client configuration. What <c>qkdnet cloud bench</c> and the process tests start from.
/// </summary>
/// <param name="Network">The KMEs.</param>
/// <param name="ServerNames">The data servers, s1 ... sn.</param>
/// <param name="ServerConfigs">Each server's configuration file.</param>
/// <param name="ServerPorts">Each server's port.</param>
/// <param name="ClientConfig">The owner's client configuration file.</param>
public sealed record CloudDevelopmentSetup(DevelopmentNetwork Network, IReadOnlyList<string> ServerNames, IReadOnlyList<string> ServerConfigs, IReadOnlyList<int> ServerPorts, string ClientConfig)
{
    /// <summary>The owner.</summary>
    public const string Owner = "alice";

    /// <summary>A second owner.</summary>
    public const string OtherOwner = "dave";

    /// <summary>The analyst.</summary>
    public const string Analyst = "bob";

    /// <summary>The auditor.</summary>
    public const string Auditor = "carol";

    /// <summary>The operator.</summary>
    public const string Operator = "ops";

    /// <summary>Writes everything into <paramref name="directory"/> (empty or missing).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="servers">How many data servers.</param>
    /// <param name="highWatermarkBits">The KMEs' pool size.</param>
    /// <param name="pbkdf2Iterations">The KME stores' PBKDF2 iterations (tests pass fewer).</param>
    /// <param name="maxShareBytes">Each server's largest share.</param>
    /// <param name="caKeyDirectory">Where to keep the CA's key (tests that issue odd certificates), outside the PKI folder; null keeps none.</param>
    public static CloudDevelopmentSetup Create(string directory, int servers, long highWatermarkBits = 8L << 20, int pbkdf2Iterations = KeyManagement.Sealing.SealSetup.DefaultPbkdf2Iterations,
        long maxShareBytes = ShareServerConfigLoader.DefaultMaxShareBytes, string? caKeyDirectory = null)
    {
        string[] names = [.. Enumerable.Range(1, servers).Select(i => "s" + i.ToString(CultureInfo.InvariantCulture))];
        DevelopmentNetwork network = DevelopmentNetwork.Create(directory, [Owner, OtherOwner, Analyst, Auditor], names, highWatermarkBits, 600, pbkdf2Iterations, caKeyDirectory, serverSaes: names);
        // the auditor and the operator reach the servers too; the operator name is the KMEs' admin, already issued
        File.WriteAllText(Path.Combine(directory, "policy.json"), new JsonObject
        {
            ["principals"] = new JsonArray(
                Principal(Owner, "owner"), Principal(OtherOwner, "owner"), Principal(Analyst, "analyst"), Principal(Auditor, "auditor"), Principal(Operator, "operator")),
        }.ToJsonString(Indented));
        int[] ports = DevelopmentNetwork.FreeLoopbackPorts(servers);
        var configs = new List<string>();
        for (int i = 0; i < servers; i++)
        {
            string path = Path.Combine(directory, names[i] + ".json");
            File.WriteAllText(path, new JsonObject
            {
                ["name"] = names[i],
                ["listen"] = "127.0.0.1:" + ports[i].ToString(CultureInfo.InvariantCulture),
                ["tls"] = new JsonObject { ["certificate"] = $"pki/{names[i]}.crt", ["key"] = $"pki/{names[i]}.key", ["ca"] = "pki/ca.crt" },
                ["kme"] = new JsonObject { ["url"] = network.UrlB.AbsoluteUri, ["kme_id"] = "B" },
                ["store"] = new JsonObject { ["path"] = names[i] + "-shares.db" },
                ["policy"] = "policy.json",
                ["max_share_bytes"] = maxShareBytes,
                ["log_level"] = "warning",
            }.ToJsonString(Indented));
            configs.Add(path);
        }

        string client = Path.Combine(directory, "cloud-client.json");
        File.WriteAllText(client, ClientJson(Owner, network, names, ports).ToJsonString(Indented));
        File.WriteAllText(Path.Combine(directory, "cloud-client-" + OtherOwner + ".json"), ClientJson(OtherOwner, network, names, ports).ToJsonString(Indented));
        return new CloudDevelopmentSetup(network, names, configs, ports, client);
    }

    /// <summary>The client configuration of <paramref name="name"/> (certificate <c>pki/NAME.crt</c>).</summary>
    public string ClientConfigOf(string name) => name == Owner ? ClientConfig : Path.Combine(Network.Directory, "cloud-client-" + name + ".json");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static JsonObject Principal(string name, string role) => new() { ["name"] = name, ["roles"] = new JsonArray(role) };

    private static JsonObject ClientJson(string owner, DevelopmentNetwork network, string[] names, int[] ports) => new()
    {
        ["owner"] = owner,
        ["certificate"] = $"pki/{owner}.crt",
        ["key"] = $"pki/{owner}.key",
        ["ca"] = "pki/ca.crt",
        ["kme"] = new JsonObject { ["url"] = network.UrlA.AbsoluteUri, ["kme_id"] = "A" },
        ["servers"] = new JsonArray([.. names.Select((n, i) => (JsonNode)new JsonObject { ["name"] = n, ["url"] = "https://127.0.0.1:" + ports[i].ToString(CultureInfo.InvariantCulture) })]),
        ["map"] = owner + "-cloud-map.json",
    };
}
