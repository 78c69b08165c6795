using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;

namespace QkdNet.Tests.KeyManagement.Relay;

/// <summary>A line of nodes A - B - C - D (links AB, BC, CD) and a diamond side-path B - E - D, all in memory.</summary>
internal sealed class RelayFixture
{
    public static readonly KmeId A = KmeId.Create("A");
    public static readonly KmeId B = KmeId.Create("B");
    public static readonly KmeId C = KmeId.Create("C");
    public static readonly KmeId D = KmeId.Create("D");
    public static readonly KmeId E = KmeId.Create("E");

    public RelayFixture(int seed = 1)
    {
        Pads = new InMemoryPadSource(seed);
        Endpoints = new[] { A, B, C, D, E }.ToDictionary(n => n, n => new RelayEndpoint(n, Pads));
    }

    public InMemoryPadSource Pads { get; }

    public Dictionary<KmeId, RelayEndpoint> Endpoints { get; }

    public static LinkId Link(KmeId x, KmeId y) =>
        LinkId.Create(string.CompareOrdinal(x.Value, y.Value) < 0 ? $"{x}{y}" : $"{y}{x}");

    public static readonly SaeId Master = SaeId.Create("sae-master");
    public static readonly SaeId Slave = SaeId.Create("sae-slave");

    /// <summary>A manifest of a 32-byte key from <see cref="Master"/> to <see cref="Slave"/> over <paramref name="paths"/>.</summary>
    public static RelayManifest Manifest(Guid relayId, KeyId keyId, IReadOnlyList<IReadOnlyList<KmeId>> paths, IReadOnlyList<SaeId>? slaves = null) =>
        RelayManifest.Create(relayId, keyId, 32, paths, Master, slaves ?? [Slave], new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)).Value;

    public static RelayHeader Header(Guid relayId, KeyId keyId, IReadOnlyList<KmeId> path) =>
        RelayHeader.Create(Manifest(relayId, keyId, [path]), 0, 0).Value;

    public static KeyId KeyOf(string guid) => KeyId.TryCreate(new Guid(guid), out KeyId id) ? id : throw new ArgumentException(guid);

    public static byte[] TestKey(int seed, int length = 32)
    {
        byte[] key = new byte[length];
        new Random(seed).NextBytes(key);
        return key;
    }

    /// <summary>Relays <paramref name="share"/> along the header's path, hop by hop; returns the final delivery.</summary>
    public Result<RelayDelivery, RelayRejection> RelayAlong(RelayHeader header, ReadOnlySpan<byte> share)
    {
        IReadOnlyList<KmeId> path = header.Path;
        Result<byte[], RelayRejection> wire = Endpoints[path[0]].Send(header, Link(path[0], path[1]), share);
        for (int hop = 0; ; hop++)
        {
            if (!wire.IsSuccess)
            {
                return wire.Cast<RelayDelivery>();
            }

            Result<RelayDelivery, RelayRejection> received = Endpoints[path[hop + 1]].Receive(wire.Value, Link(path[hop], path[hop + 1]), path[hop]);
            if (!received.IsSuccess || received.Value.Header.IsLastHop)
            {
                return received;
            }

            using RelayDelivery delivery = received.Value;
            wire = Endpoints[path[hop + 1]].Forward(delivery, Link(path[hop + 1], path[hop + 2]));
        }
    }
}
