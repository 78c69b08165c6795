using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Relay;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement.Relay.Support;

/// <summary>
/// Trusted nodes in one process, each with its own SQLite key store, its <see cref="KeyRelay"/> and a
/// <see cref="FaultyRelayTransport"/> to its neighbours; routes from the control layer's routing table over the same
/// topology. Each link's two pools hold the same key material at both ends, as the link layer would deliver it. A
/// master SAE is attached to every node, a slave SAE to every node (named after it).
/// </summary>
internal sealed class RelayTestNetwork : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-relay-").FullName;
    private readonly Dictionary<KmeId, KeyRelay> _relays = [];
    private readonly Dictionary<KmeId, StoreRelayPads> _pads = [];
    private readonly Dictionary<KmeId, SqliteKeyStore> _stores = [];
    private readonly Dictionary<KmeId, FaultyRelayTransport> _transports = [];
    private readonly (string A, string B)[] _links;
    private readonly RoutingTableRelayRoutes _routes;
    private readonly int _paths;

    private RelayTestNetwork((string A, string B)[] links, int paths)
    {
        _links = links;
        _paths = paths;
        KmeId[] nodes = [.. links.SelectMany(l => new[] { l.A, l.B }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(KmeId.Create)];
        NetworkTopology topology = NetworkTopology.Create(
            "relay-test",
            [.. nodes.Select(n => new TopologyNode(n, n.Value))],
            [.. links.Select(l => new TopologyLink(LinkOf(l.A, l.B), KmeId.Create(l.A), KmeId.Create(l.B), LinkPhysics.Fibre("gys", 10).Value))],
            []).Value;
        _routes = new RoutingTableRelayRoutes(new RoutingTable(topology));
        Nodes = nodes;
    }

    public static SaeId Master(KmeId node) => SaeId.Create("master-" + node.Value);

    public static SaeId Slave(KmeId node) => SaeId.Create("slave-" + node.Value);

    public static LinkId LinkOf(string a, string b) => LinkId.Create(string.CompareOrdinal(a, b) < 0 ? a + b : b + a);

    public IReadOnlyList<KmeId> Nodes { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The relay timeout of every node (also how long a destination waits for missing shares).</summary>
    public static TimeSpan Timeout => TimeSpan.FromSeconds(5);

    public KeyRelay this[string node] => _relays[KmeId.Create(node)];

    public FaultyRelayTransport Transport(string node) => _transports[KmeId.Create(node)];

    public IKeyStore Store(string node) => _stores[KmeId.Create(node)];

    /// <summary>A network of <paramref name="links"/> (pairs of node names), relaying over <paramref name="paths"/> node-disjoint paths.</summary>
    public static async Task<RelayTestNetwork> StartAsync(int paths, params (string A, string B)[] links)
    {
        var network = new RelayTestNetwork(links, paths);
        foreach (KmeId node in network.Nodes)
        {
            SqliteKeyStore store = SqliteKeyStore.Open(
                new SqliteKeyStoreOptions { Path = Path.Combine(network._folder, node.Value + ".db"), DefaultPool = new PoolOptions(256, 1024, 4096, 1L << 30) },
                network.Time);
            Assert.True((await store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
            network._stores.Add(node, store);
            network._transports.Add(node, new FaultyRelayTransport(node, network._relays));
            network.StartRelay(node);
        }

        foreach ((string a, string b) in links)
        {
            byte[] material = RandomNumberGenerator.GetBytes(64 << 10);
            LinkId link = LinkOf(a, b);
            foreach (string owner in new[] { a, b })
            {
                LinkId pool = LinkPools.PoolOf(link, KmeId.Create(owner));
                foreach (string end in new[] { a, b })
                {
                    Assert.True((await network._stores[KmeId.Create(end)].IngestBlockAsync(pool, BlockId.Create("b-" + owner), material)).IsSuccess);
                }
            }

            CryptographicOperations.ZeroMemory(material);
        }

        return network;
    }

    /// <summary>Replaces the relay of <paramref name="node"/> with a fresh one over the same store: a restart, which loses the pads it held.</summary>
    public void Restart(string node)
    {
        KmeId id = KmeId.Create(node);
        _relays[id].Dispose();
        _pads[id].Dispose();
        StartRelay(id);
    }

    /// <summary>The key <paramref name="slave"/> fetches at its KME <paramref name="node"/>, as <c>dec_keys</c> would; or why it cannot.</summary>
    public async Task<Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>> FetchAsync(string node, SaeId slave, SaeId master, KeyId key) =>
        await _stores[KmeId.Create(node)].FetchAsync(new FetchRequest(slave, master, [key]));

    public async ValueTask DisposeAsync()
    {
        foreach (KmeId node in Nodes)
        {
            _relays[node].Dispose();
            _pads[node].Dispose();
            await _stores[node].DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private void StartRelay(KmeId node)
    {
        var options = new KeyRelayOptions
        {
            Self = node,
            Neighbours = _links.Where(l => l.A == node.Value || l.B == node.Value)
                .ToDictionary(l => KmeId.Create(l.A == node.Value ? l.B : l.A), l => LinkOf(l.A, l.B)),
            LocalSaes = new HashSet<SaeId> { Slave(node) },
            Paths = _paths,
            Timeout = Timeout,
        };
        var pads = new StoreRelayPads(_stores[node], node);
        _pads[node] = pads;
        _relays[node] = new KeyRelay(options, _routes, _transports[node], pads, _stores[node], Time, NullLogger<KeyRelay>.Instance);
    }
}
