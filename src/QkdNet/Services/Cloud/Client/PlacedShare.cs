namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// Where one share of an object lies and how to check it: owner-side only (the map), secret (it holds the MAC key).
/// </summary>
public sealed record PlacedShare
{
    /// <summary>The data server's name (its SAE ID).</summary>
    public required string Server { get; init; }

    /// <summary>The random identifier the share is stored under.</summary>
    public required string ShareId { get; init; }

    /// <summary>The Shamir evaluation point (1 to 255).</summary>
    public required byte X { get; init; }

    /// <summary>The share's version as last confirmed by the server.</summary>
    public required long Version { get; init; }

    /// <summary>The 16-byte Wegman-Carter key of the share (hash key, pad), from QKD key.</summary>
    public required byte[] MacKey { get; init; }

    /// <summary>The tag of the share at <see cref="Version"/>.</summary>
    public required ulong Tag { get; init; }

    /// <summary>A refresh whose answer was lost: the version the share is at if it was applied (else null).</summary>
    public long? PendingVersion { get; init; }

    /// <summary>The tag at <see cref="PendingVersion"/>.</summary>
    public ulong? PendingTag { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"PlacedShare({Server}, x={X}, v{Version})";
}
