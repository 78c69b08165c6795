namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// What a relay message says about itself, apart from sequence, pad and ciphertext: the relay's
/// <see cref="RelayManifest"/> (the same in every hop of every share), which share this is and where on that
/// share's path this hop is.
/// </summary>
public sealed record RelayHeader
{
    /// <summary>Longest path accepted, in nodes.</summary>
    public const int MaxPathNodes = 16;

    /// <summary>Most shares a key may be split into.</summary>
    public const int MaxShares = 8;

    private RelayHeader(RelayManifest manifest, int shareIndex, int hopIndex)
    {
        Manifest = manifest;
        ShareIndex = shareIndex;
        HopIndex = hopIndex;
    }

    /// <summary>What the origin decided about the key, bound end to end.</summary>
    public RelayManifest Manifest { get; }

    /// <summary>Identifies this relay (all shares of one key carry the same ID).</summary>
    public Guid RelayId => Manifest.RelayId;

    /// <summary>The ETSI 014 key_ID the destination will deliver the key under.</summary>
    public KeyId RelayedKeyId => Manifest.KeyId;

    /// <summary>Which XOR share this is, 0-based.</summary>
    public int ShareIndex { get; }

    /// <summary>How many shares the key was split into (1 for single-path relay).</summary>
    public int ShareCount => Manifest.ShareCount;

    /// <summary>The nodes of this share's path, from origin to destination.</summary>
    public IReadOnlyList<KmeId> Path => Manifest.Paths[ShareIndex];

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

    /// <summary>Validates the share index against the manifest's paths and the hop index against that share's path.</summary>
    public static Result<RelayHeader> Create(RelayManifest manifest, int shareIndex, int hopIndex)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (shareIndex < 0 || shareIndex >= manifest.ShareCount)
        {
            return Result<RelayHeader>.Fail($"share {shareIndex} of {manifest.ShareCount} is out of range.");
        }

        int nodes = manifest.Paths[shareIndex].Count;
        if (hopIndex < 0 || hopIndex + 1 >= nodes)
        {
            return Result<RelayHeader>.Fail($"hop index {hopIndex} is outside a path of {nodes} nodes.");
        }

        return new RelayHeader(manifest, shareIndex, hopIndex);
    }

    /// <summary>The header of the next hop; only valid when <see cref="IsLastHop"/> is false.</summary>
    public RelayHeader NextHop() => IsLastHop
        ? throw new InvalidOperationException("The last hop has no next hop.")
        : new RelayHeader(Manifest, ShareIndex, HopIndex + 1);

    /// <inheritdoc />
    public override string ToString() =>
        $"relay {RelayId} key {RelayedKeyId} share {ShareIndex + 1}/{ShareCount} hop {HopIndex + 1}/{Path.Count - 1} ({Sender} -> {Receiver}) path {string.Join(" > ", Path)}";
}
