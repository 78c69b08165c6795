using System.Globalization;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Cli.Trade;

/// <summary>
/// The development network <c>qkdnet trade</c> runs on, in a temporary folder: a chain of <c>hops + 1</c> KME
/// processes joined by random-source links (the investor's SAE on the first, the broker's on the last, so with more
/// than one hop the key is relayed hop by hop), certificates from a development CA, each pool's high watermark set
/// to the run's need. Disposing kills every process and deletes the folder.
/// </summary>
internal sealed class TradeNetwork : IDisposable
{
    public const string InvestorSae = "investor";
    public const string BrokerSae = "broker";
    private readonly List<NodeProcess> _processes = [];

    private TradeNetwork(string directory, KmeConnection investor, KmeConnection broker)
    {
        Directory = directory;
        Investor = investor;
        Broker = broker;
    }

    public string Directory { get; }

    /// <summary>The investor's KME.</summary>
    public KmeConnection Investor { get; }

    /// <summary>The broker's KME.</summary>
    public KmeConnection Broker { get; }

    /// <summary>Writes the network and starts its KMEs.</summary>
    /// <param name="hops">Links between the investor's KME and the broker's, 1 to 8.</param>
    /// <param name="poolBits">Each pool's high watermark, in bits.</param>
    /// <param name="pbkdf2Iterations">The stores' PBKDF2 iterations (tests pass the minimum).</param>
    public static TradeNetwork Start(int hops, long poolBits, int pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations)
    {
        string directory = Path.Combine(Path.GetTempPath(), "qkdnet-trade-" + Guid.NewGuid().ToString("N"));
        string[] nodes = [.. Enumerable.Range(0, hops + 1).Select(i => "K" + i.ToString(CultureInfo.InvariantCulture))];
        var links = Enumerable.Range(0, hops).Select(i => (nodes[i] + nodes[i + 1], nodes[i], nodes[i + 1])).ToList();
        var saes = nodes.ToDictionary(n => n, n => (IReadOnlyList<string>)(n == nodes[0] ? [InvestorSae] : n == nodes[^1] ? [BrokerSae] : []));
        DevelopmentRelayNetwork net = DevelopmentRelayNetwork.Create(directory, links, saes, highWatermarkBits: poolBits, pbkdf2Iterations: pbkdf2Iterations);
        var network = new TradeNetwork(
            directory,
            EtsiClients.Connection(net.UrlOf(nodes[0]), net.Pki, InvestorSae, nodes[0]),
            EtsiClients.Connection(net.UrlOf(nodes[^1]), net.Pki, BrokerSae, nodes[^1]));
        try
        {
            string cli = NodeProcess.CurrentCli();
            foreach (string node in nodes)
            {
                network._processes.Add(NodeProcess.Start(cli, net.ConfigOf(node)));
            }

            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Kills the KME of the broker's side (a fault test: the broker's buffers must carry the session).</summary>
    public void KillBrokerKme() => _processes[^1].KillHard();

    /// <summary>Whether any KME process has exited, and the last lines it wrote.</summary>
    public string? ExitedNode()
    {
        NodeProcess? exited = _processes.FirstOrDefault(p => p.HasExited);
        return exited is null ? null : string.Join(" | ", exited.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
    }

    public void Dispose()
    {
        foreach (NodeProcess process in _processes)
        {
            process.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a store file still closing; the OS cleans the temp folder
        }
    }
}
