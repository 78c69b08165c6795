using System.Buffers.Binary;
using System.Text;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// Everything the origin decides about one relayed key, carried unchanged in every hop of every share: the relay and
/// key IDs, the key's length, the node-disjoint paths (one per XOR share, so the share count is the path count), the
/// master and slave SAEs and the expiry. The destination completes a key only from shares whose manifests are
/// byte-for-byte equal, and its key confirmation (<see cref="RelayConfirmation"/>) covers the manifest's
/// <see cref="Canonical"/> encoding, so an intermediate node that changes any field on its own path is caught:
/// the other paths carry the original.
/// </summary>
public sealed class RelayManifest
{
    /// <summary>Most slave SAEs one relayed key may name.</summary>
    public const int MaxSlaves = 16;

    private readonly KmeId[][] _paths;
    private readonly SaeId[] _slaves;
    private readonly byte[] _canonical;

    private RelayManifest(Guid relayId, KeyId keyId, int keyBytes, KmeId[][] paths, SaeId master, SaeId[] slaves, DateTimeOffset expiresAt)
    {
        RelayId = relayId;
        KeyId = keyId;
        KeyBytes = keyBytes;
        _paths = paths;
        Master = master;
        _slaves = slaves;
        ExpiresAt = expiresAt;
        _canonical = Encode();
    }

    /// <summary>Identifies the relay (all shares of one key carry it).</summary>
    public Guid RelayId { get; }

    /// <summary>The ETSI 014 key_ID the destination delivers the key under.</summary>
    public KeyId KeyId { get; }

    /// <summary>Length of the key delivered to the SAEs, in bytes (each share carries <see cref="SecretBytes"/>).</summary>
    public int KeyBytes { get; }

    /// <summary>Length of what the shares carry: the key, then the confirmation key, in bytes.</summary>
    public int SecretBytes => KeyBytes + RelayConfirmation.KeyBytes;

    /// <summary>One path per share, each from <see cref="Origin"/> to <see cref="Destination"/>, node-disjoint.</summary>
    public IReadOnlyList<IReadOnlyList<KmeId>> Paths => _paths;

    /// <summary>How many XOR shares the key was split into: one per path.</summary>
    public int ShareCount => _paths.Length;

    /// <summary>The origin KME.</summary>
    public KmeId Origin => _paths[0][0];

    /// <summary>The destination KME.</summary>
    public KmeId Destination => _paths[0][^1];

    /// <summary>The SAE that called <c>enc_keys</c> at the origin.</summary>
    public SaeId Master { get; }

    /// <summary>The SAEs at the destination that may fetch the key.</summary>
    public IReadOnlyList<SaeId> Slaves => _slaves;

    /// <summary>When an unfetched key is destroyed at the destination (the origin's clock, millisecond precision).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The canonical encoding (the form on the wire), which key confirmation authenticates.</summary>
    public ReadOnlySpan<byte> Canonical => _canonical;

    /// <summary>
    /// Validates: 1 to <see cref="RelayHeader.MaxShares"/> paths of 2 to <see cref="RelayHeader.MaxPathNodes"/> distinct nodes,
    /// all from one origin to one destination and sharing no other node (node-disjoint); a key of 1 byte to what a share
    /// may carry; a master and 1 to <see cref="MaxSlaves"/> distinct slaves, the master not among them.
    /// </summary>
    public static Result<RelayManifest> Create(Guid relayId, KeyId keyId, int keyBytes, IReadOnlyList<IReadOnlyList<KmeId>> paths, SaeId master, IReadOnlyList<SaeId> slaves, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(slaves);
        if (relayId == Guid.Empty || keyId == default)
        {
            return Result<RelayManifest>.Fail("the relay ID and key ID must be set.");
        }

        if (keyBytes < 1 || keyBytes + RelayConfirmation.KeyBytes > RelayMessageCodec.MaxShareBytes)
        {
            return Result<RelayManifest>.Fail($"a relayed key is 1 to {RelayMessageCodec.MaxShareBytes - RelayConfirmation.KeyBytes} bytes, got {keyBytes}.");
        }

        if (paths.Count < 1 || paths.Count > RelayHeader.MaxShares)
        {
            return Result<RelayManifest>.Fail($"a relay has 1 to {RelayHeader.MaxShares} paths, got {paths.Count}.");
        }

        var seen = new HashSet<KmeId>();
        foreach (IReadOnlyList<KmeId> path in paths)
        {
            if (path is null || path.Count < 2 || path.Count > RelayHeader.MaxPathNodes)
            {
                return Result<RelayManifest>.Fail($"a path has 2 to {RelayHeader.MaxPathNodes} nodes.");
            }

            if (path.Any(n => n.Value.Length == 0) || path.Distinct().Count() != path.Count)
            {
                return Result<RelayManifest>.Fail("a path must name distinct, valid nodes.");
            }

            if (path[0] != paths[0][0] || path[^1] != paths[0][^1])
            {
                return Result<RelayManifest>.Fail("every path must run from the same origin to the same destination.");
            }

            // node-disjoint: no trusted node between origin and destination lies on two paths
            for (int i = 1; i < path.Count - 1; i++)
            {
                if (!seen.Add(path[i]))
                {
                    return Result<RelayManifest>.Fail($"node '{path[i]}' lies on two paths; the paths must be node-disjoint.");
                }
            }
        }

        if (master == default || slaves.Count is < 1 or > MaxSlaves || slaves.Any(s => s == default)
            || slaves.Distinct().Count() != slaves.Count || slaves.Contains(master))
        {
            return Result<RelayManifest>.Fail($"a relay names one master and 1 to {MaxSlaves} distinct slave SAEs, the master not among them.");
        }

        DateTimeOffset expiry = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(expiresAt.ToUnixTimeMilliseconds(), 0, 253402300799999));
        return new RelayManifest(relayId, keyId, keyBytes, [.. paths.Select(p => p.ToArray())], master, [.. slaves], expiry);
    }

    /// <summary>Whether <paramref name="other"/> says exactly the same (byte-equal canonical encodings).</summary>
    public bool SameAs(RelayManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _canonical.AsSpan().SequenceEqual(other._canonical);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"relay {RelayId} key {KeyId} ({KeyBytes} bytes) {Master} -> {string.Join(",", _slaves)} over {string.Join(" | ", _paths.Select(p => string.Join(" > ", p)))}";

    /// <summary>
    /// <c>relay ID (16) | key ID (16) | key bytes (2) | expiry, Unix ms (8) | master | slave count | slaves |
    /// path count | per path: node count, nodes</c>; every ID as (length byte, ASCII), big-endian numbers.
    /// </summary>
    private byte[] Encode()
    {
        int length = 16 + 16 + 2 + 8 + Id(Master.Value) + 1 + _slaves.Sum(s => Id(s.Value)) + 1 + _paths.Sum(p => 1 + p.Sum(n => Id(n.Value)));
        byte[] buffer = new byte[length];
        int at = 0;
        RelayId.TryWriteBytes(buffer.AsSpan(at, 16), bigEndian: true, out _);
        KeyId.WriteBytes(buffer.AsSpan(at += 16, 16));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at += 16, 2), (ushort)KeyBytes);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(at += 2, 8), ExpiresAt.ToUnixTimeMilliseconds());
        at += 8;
        WriteId(buffer, ref at, Master.Value);
        buffer[at++] = (byte)_slaves.Length;
        foreach (SaeId slave in _slaves)
        {
            WriteId(buffer, ref at, slave.Value);
        }

        buffer[at++] = (byte)_paths.Length;
        foreach (KmeId[] path in _paths)
        {
            buffer[at++] = (byte)path.Length;
            foreach (KmeId node in path)
            {
                WriteId(buffer, ref at, node.Value);
            }
        }

        return buffer;

        static int Id(string value) => 1 + value.Length;
    }

    private static void WriteId(byte[] buffer, ref int at, string value)
    {
        buffer[at++] = (byte)value.Length;
        at += Encoding.ASCII.GetBytes(value, buffer.AsSpan(at));
    }

    /// <summary>Reads a manifest written by <see cref="Encode"/> from the front of <paramref name="wire"/>; the bytes it took, or why not.</summary>
    internal static Result<(RelayManifest Manifest, int Length)> Read(ReadOnlySpan<byte> wire)
    {
        var r = new ManifestReader(wire);
        if (!r.Has(16 + 16 + 2 + 8))
        {
            return Result<(RelayManifest, int)>.Fail(Truncated);
        }

        var relayId = new Guid(r.Take(16), bigEndian: true);
        if (!KeyId.TryRead(r.Take(16), out KeyId keyId))
        {
            return Result<(RelayManifest, int)>.Fail("the relayed key ID is the nil UUID.");
        }

        int keyBytes = BinaryPrimitives.ReadUInt16BigEndian(r.Take(2));
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(r.Take(8)), 0, 253402300799999));
        if (!r.TryId(out string? masterText) || !SaeId.TryCreate(masterText, out SaeId master))
        {
            return Result<(RelayManifest, int)>.Fail(masterText is null ? Truncated : "the master SAE ID is not valid.");
        }

        if (!r.Has(1))
        {
            return Result<(RelayManifest, int)>.Fail(Truncated);
        }

        int slaveCount = r.Byte();
        if (slaveCount > MaxSlaves)
        {
            return Result<(RelayManifest, int)>.Fail($"{slaveCount} slave SAEs (at most {MaxSlaves}).");
        }

        var slaves = new SaeId[slaveCount];
        for (int i = 0; i < slaveCount; i++)
        {
            if (!r.TryId(out string? text) || !SaeId.TryCreate(text, out slaves[i]))
            {
                return Result<(RelayManifest, int)>.Fail(text is null ? Truncated : $"slave SAE {i} is not a valid SAE ID.");
            }
        }

        if (!r.Has(1))
        {
            return Result<(RelayManifest, int)>.Fail(Truncated);
        }

        int pathCount = r.Byte();
        if (pathCount > RelayHeader.MaxShares)
        {
            return Result<(RelayManifest, int)>.Fail($"{pathCount} paths (at most {RelayHeader.MaxShares}).");
        }

        var paths = new KmeId[pathCount][];
        for (int p = 0; p < pathCount; p++)
        {
            if (!r.Has(1))
            {
                return Result<(RelayManifest, int)>.Fail(Truncated);
            }

            int nodeCount = r.Byte();
            if (nodeCount > RelayHeader.MaxPathNodes)
            {
                return Result<(RelayManifest, int)>.Fail($"a path of {nodeCount} nodes is longer than {RelayHeader.MaxPathNodes}.");
            }

            paths[p] = new KmeId[nodeCount];
            for (int i = 0; i < nodeCount; i++)
            {
                if (!r.TryId(out string? text) || !KmeId.TryCreate(text, out paths[p][i]))
                {
                    return Result<(RelayManifest, int)>.Fail(text is null ? Truncated : $"node {i} of path {p} is not a valid KME ID.");
                }
            }
        }

        Result<RelayManifest> manifest = Create(relayId, keyId, keyBytes, paths, master, slaves, expiresAt);
        return manifest.IsSuccess ? (manifest.Value, r.Position) : Result<(RelayManifest, int)>.Fail(manifest.Error!);
    }

    /// <summary>What <see cref="Read"/> answers when the buffer ends inside the manifest.</summary>
    internal const string Truncated = "the message ends before its declared content.";

    private ref struct ManifestReader(ReadOnlySpan<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;

        public int Position { get; private set; }

        public readonly bool Has(int count) => _buffer.Length - Position >= count;

        public byte Byte() => _buffer[Position++];

        public ReadOnlySpan<byte> Take(int count)
        {
            ReadOnlySpan<byte> s = _buffer.Slice(Position, count);
            Position += count;
            return s;
        }

        /// <summary>A (length, ASCII) ID; null text when the buffer ends first.</summary>
        public bool TryId(out string? text)
        {
            text = null;
            if (!Has(1) || !Has(1 + _buffer[Position]))
            {
                return false;
            }

            int length = Byte();
            text = Encoding.ASCII.GetString(Take(length));
            return true;
        }
    }
}
