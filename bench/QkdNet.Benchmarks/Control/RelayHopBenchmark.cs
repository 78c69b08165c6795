using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;

namespace QkdNet.Benchmarks.Control;

/// <summary>
/// The crypto of relaying a 256-bit key over three hops in memory (seal, decode, verify, decrypt,
/// re-seal at each node), without transport or key store: the floor under the 5 ms p99 goal.
/// Run: <c>dotnet run -c Release --project bench/QkdNet.Benchmarks -- --filter '*RelayHopBenchmark*'</c>.
/// </summary>
/// <remarks>
/// 2026-11-21, 2 shared cores, BenchmarkDotNet <c>--job short</c>: 10.4 us per 3-hop relay (about 3.5 us
/// per hop), 5.5 KB allocated; far below the 5 ms p99 goal, which transport and store will dominate.
/// </remarks>
[MemoryDiagnoser]
public class RelayHopBenchmark
{
    private static readonly KmeId[] Path = [KmeId.Create("A"), KmeId.Create("B"), KmeId.Create("C"), KmeId.Create("D")];
    private static readonly LinkId[] Links = [LinkId.Create("AB"), LinkId.Create("BC"), LinkId.Create("CD")];
    private static readonly SaeId Master = SaeId.Create("sae-a");
    private static readonly SaeId Slave = SaeId.Create("sae-d");

    /// <summary>What the shares of a 256-bit key carry: the key and its confirmation key.</summary>
    private readonly byte[] _key = new byte[32 + RelayConfirmation.KeyBytes];
    private readonly Dictionary<KmeId, RelayEndpoint> _endpoints = [];
    private KeyId _keyId;

    [GlobalSetup]
    public void Setup()
    {
        var pads = new FreshPads();
        foreach (KmeId node in Path)
        {
            _endpoints[node] = new RelayEndpoint(node, pads);
        }

        RandomNumberGenerator.Fill(_key);
        _keyId = KeyId.New();
    }

    /// <summary>One 256-bit key from A to D over three hops.</summary>
    [Benchmark]
    public bool RelayThreeHops()
    {
        RelayManifest manifest = RelayManifest.Create(Guid.NewGuid(), _keyId, 32, [Path], Master, [Slave], DateTimeOffset.UnixEpoch).Value;
        RelayHeader header = RelayHeader.Create(manifest, 0, 0).Value;
        byte[] wire = _endpoints[Path[0]].Send(header, Links[0], _key).Value;
        for (int hop = 0; ; hop++)
        {
            using RelayDelivery d = _endpoints[Path[hop + 1]].Receive(wire, Links[hop], Path[hop]).Value;
            if (d.Header.IsLastHop)
            {
                return d.Share.FixedTimeEquals(_key);
            }

            wire = _endpoints[Path[hop + 1]].Forward(d, Links[hop + 1]).Value;
        }
    }

    /// <summary>Both ends of every link share a stream of random key; single-threaded, so a dictionary suffices.</summary>
    private sealed class FreshPads : IRelayPadSource
    {
        private readonly Dictionary<KeyId, byte[]> _issued = [];

        public Result<RelayPad> Take(LinkId link, KmeId peer, int byteCount)
        {
            byte[] bytes = new byte[byteCount];
            RandomNumberGenerator.Fill(bytes);
            KeyId id = KeyId.New();
            _issued[id] = (byte[])bytes.Clone();
            return RelayPad.TakeOwnership([id], bytes);
        }

        public Result<RelayPad> Claim(LinkId link, KmeId peer, IReadOnlyList<KeyId> keyIds, int byteCount) =>
            _issued.Remove(keyIds[0], out byte[]? bytes) ? RelayPad.TakeOwnership(keyIds, bytes) : Result<RelayPad>.Fail("unknown pad");
    }
}
