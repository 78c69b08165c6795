using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Development.Pki;

/// <summary>
/// A two-KME development network on loopback (KMEs <c>A</c> and <c>B</c>, one link <c>AB</c>), written as
/// PEM files and two <c>node.json</c> files (marked <c>"development": true</c>, the admin pinned to its certificate):
/// what the tests, the load benchmark and a first-time user start from.
/// </summary>
/// <param name="Directory">The folder holding <c>pki/</c>, <c>a.json</c>, <c>b.json</c> and the stores.</param>
/// <param name="PortA">A's port.</param>
/// <param name="PortB">B's port.</param>
/// <param name="SaesA">SAEs attached to A.</param>
/// <param name="SaesB">SAEs attached to B.</param>
public sealed record DevelopmentNetwork(string Directory, int PortA, int PortB, IReadOnlyList<string> SaesA, IReadOnlyList<string> SaesB)
{
    /// <summary>The admin certificate's name.</summary>
    public const string Admin = "ops";

    /// <summary>A certificate name that chains to the CA but is configured nowhere.</summary>
    public const string Stranger = "stranger";

    /// <summary>The PEM folder.</summary>
    public string Pki => Path.Combine(Directory, "pki");

    /// <summary>A's configuration file.</summary>
    public string ConfigA => Path.Combine(Directory, "a.json");

    /// <summary>B's configuration file.</summary>
    public string ConfigB => Path.Combine(Directory, "b.json");

    /// <summary>A's base URL.</summary>
    public Uri UrlA => new($"https://127.0.0.1:{PortA}/");

    /// <summary>B's base URL.</summary>
    public Uri UrlB => new($"https://127.0.0.1:{PortB}/");

    /// <summary>Writes certificates and both configurations, with a random-source link (no physics; fast to fill).</summary>
    /// <param name="directory">An empty or missing folder.</param>
    /// <param name="saesA">SAEs attached to A.</param>
    /// <param name="saesB">SAEs attached to B.</param>
    /// <param name="highWatermarkBits">Each pool is refilled up to this.</param>
    /// <param name="reservationLifetimeSeconds">How long reserved keys wait for dec_keys.</param>
    /// <param name="pbkdf2Iterations">
    /// PBKDF2 iterations of each store's passphrase: by default the store's production setting
    /// (<see cref="SealSetup.DefaultPbkdf2Iterations"/>); only tests, which start nodes by the hundred, pass less.
    /// </param>
    /// <param name="caKeyDirectory">A folder outside the PKI folder to keep the CA's private key in (tests that issue odd certificates); null keeps none.</param>
    /// <param name="serverSaes">SAEs (of either list) that are servers themselves, such as the secure cloud's data servers: their certificates carry server authentication too.</param>
    public static DevelopmentNetwork Create(string directory, IReadOnlyList<string> saesA, IReadOnlyList<string> saesB, long highWatermarkBits = 8L << 20, double reservationLifetimeSeconds = 300,
        int pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations, string? caKeyDirectory = null, IReadOnlyList<string>? serverSaes = null)
    {
        serverSaes ??= [];
        ArgumentNullException.ThrowIfNull(saesA);
        ArgumentNullException.ThrowIfNull(saesB);
        int[] ports = FreeLoopbackPorts(2);
        var network = new DevelopmentNetwork(directory, ports[0], ports[1], saesA, saesB);
        StoreFiles.CreateFolder(directory);
        DevelopmentPki.Create(network.Pki, ["A", "B", .. serverSaes], [.. saesA.Concat(saesB).Except(serverSaes), Admin, Stranger], TimeProvider.System, caKeyDirectory: caKeyDirectory);
        WritePassphrase(directory);
        File.WriteAllText(network.ConfigA, Config("A", "B", ports[0], ports[1], saesA, saesB, highWatermarkBits, reservationLifetimeSeconds, pbkdf2Iterations, network.Pki));
        File.WriteAllText(network.ConfigB, Config("B", "A", ports[1], ports[0], saesB, saesA, highWatermarkBits, reservationLifetimeSeconds, pbkdf2Iterations, network.Pki));
        return network;
    }

    /// <summary>Writes the development passphrase every node of a development network reads, owner-only (0600).</summary>
    internal static void WritePassphrase(string directory) => StoreFiles.WriteNewText(Path.Combine(directory, "passphrase"), "development passphrase\n");

    /// <summary>Ports free on 127.0.0.1 right now (the OS picks them; another process could take one before use).</summary>
    public static int[] FreeLoopbackPorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (TcpListener listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static string Config(string self, string peer, int port, int peerPort, IReadOnlyList<string> saes, IReadOnlyList<string> peerSaes, long high, double lifetime, int iterations, string pki)
    {
        var config = new JsonObject
        {
            ["kme_id"] = self,
            ["listen"] = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            ["log_level"] = "information",
            // its link gives synthetic key (random source): only a development node may serve that
            ["development"] = true,
            ["store"] = DevelopmentNodeSections.Store(self, high, lifetime),
            ["tls"] = DevelopmentNodeSections.Tls(self),
            ["unseal"] = DevelopmentNodeSections.Unseal(iterations),
            ["saes"] = new JsonArray([.. saes.Select(s => (JsonNode)new JsonObject { ["id"] = s })]),
            ["admins"] = new JsonArray(DevelopmentPki.AdminEntry(pki, Admin)),
            ["peers"] = new JsonArray(new JsonObject
            {
                ["kme_id"] = peer,
                ["kx_url"] = "https://127.0.0.1:" + peerPort.ToString(CultureInfo.InvariantCulture),
                ["saes"] = new JsonArray([.. peerSaes.Select(s => (JsonNode)JsonValue.Create(s))]),
            }),
            ["links"] = new JsonArray(new JsonObject
            {
                ["id"] = "AB",
                ["peer"] = peer,
                ["source"] = new JsonObject { ["kind"] = "random", ["block_bits"] = 1 << 20 },
            }),
        };
        return config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
