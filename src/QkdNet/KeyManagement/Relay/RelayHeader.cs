namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// What a relay message says about itself, apart from sequence, pad and ciphertext: which relay,
/// which key, which share, the whole path and where on it this hop is.
/// </summary>
public sealed record RelayHeader
{
    /// <summary>Longest path accepted, in nodes.</summary>
    public const int MaxPathNodes = 16;

    /// <summary>Most shares a key may be split into.</summary>
    public const int MaxShares = 8;

    private RelayHeader(Guid relayId, KeyId relayedKeyId, int shareIndex, int shareCount, KmeId[] path, int hopIndex)
    {
        RelayId = relayId;
        RelayedKeyId = relayedKeyId;
        ShareIndex = shareIndex;
        ShareCount = shareCount;
        Path = path;
        HopIndex = hopIndex;
    }

    /// <summary>Identifies this relay (all shares of one key carry the same ID).</summary>
    public Guid RelayId { get; }

    /// <summary>The ETSI 014 key_ID the destination will deliver the key under.</summary>
    public KeyId RelayedKeyId { get; }

    /// <summary>Which XOR share this is, 0-based.</summary>
    public int ShareIndex { get; }

    /// <summary>How many shares the key was split into (1 for single-path relay).</summary>
    public int ShareCount { get; }

    /// <summary>The nodes from origin to destination.</summary>
    public IReadOnlyList<KmeId> Path { get; }

    /// <summary>This hop runs from Path[HopIndex] to Path[HopIndex + 1].</summary>
    public int HopIndex { get; }

    /// <summary>The origin KME (Path[0]).</summary>
    public KmeId Origin => Path[0];

    /// <summary>The destination KME (the last node of the path).</summary>
    public KmeId Destination => Path[^1];

    /// <summary>The sender of this hop.</summary>
    public KmeId Sender => Path[HopIndex];

    /// <summary>The receiver of this hop.</summary>
    public KmeId Receiver => Path[HopIndex + 1];

    /// <summary>True when the receiver of this hop is the destination.</summary>
    public bool IsLastHop => HopIndex + 2 == Path.Count;

    /// <summary>Validates: 2 to <see cref="MaxPathNodes"/> distinct nodes, hop and share indices in range.</summary>
    public static Result<RelayHeader> Create(Guid relayId, KeyId relayedKeyId, int shareIndex, int shareCount, IReadOnlyList<KmeId> path, int hopIndex)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (relayId == Guid.Empty)
        {
            return Result<RelayHeader>.Fail("the relay ID must not be the nil UUID.");
        }

        if (path.Count < 2 || path.Count > MaxPathNodes)
        {
            return Result<RelayHeader>.Fail($"a path has 2 to {MaxPathNodes} nodes, got {path.Count}.");
        }

        if (path.Any(n => n.Value.Length == 0) || path.Distinct().Count() != path.Count)
        {
            return Result<RelayHeader>.Fail("a path must name distinct, valid nodes.");
        }

        if (hopIndex < 0 || hopIndex + 1 >= path.Count)
        {
            return Result<RelayHeader>.Fail($"hop index {hopIndex} is outside a path of {path.Count} nodes.");
        }

        if (shareCount < 1 || shareCount > MaxShares || shareIndex < 0 || shareIndex >= shareCount)
        {
            return Result<RelayHeader>.Fail($"share {shareIndex} of {shareCount} is out of range (1 to {MaxShares} shares).");
        }

        return new RelayHeader(relayId, relayedKeyId, shareIndex, shareCount, [.. path], hopIndex);
    }

    /// <summary>The header of the next hop; only valid when <see cref="IsLastHop"/> is false.</summary>
    public RelayHeader NextHop() => IsLastHop
        ? throw new InvalidOperationException("The last hop has no next hop.")
        : new RelayHeader(RelayId, RelayedKeyId, ShareIndex, ShareCount, [.. Path], HopIndex + 1);

    /// <inheritdoc />
    public override string ToString() =>
        $"relay {RelayId} key {RelayedKeyId} share {ShareIndex + 1}/{ShareCount} hop {HopIndex + 1}/{Path.Count - 1} ({Sender} -> {Receiver}) path {string.Join(" > ", Path)}";
}
