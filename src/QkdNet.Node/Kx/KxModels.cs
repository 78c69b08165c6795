using System.Text.Json.Serialization;

namespace QkdNet.Node.Kx;

// Kx wire formats (our own protocol, JSON over HTTPS with mutual TLS). No key bytes, except in KxBlock,
// which only a simulated or random link uses (see LinkFeeder); a device link sends key IDs (KxDeviceBlock).

/// <summary>A reservation to import (<see cref="KeyManagement.ReservationDescriptor"/> on the wire).</summary>
public sealed record KxReservation(
    [property: JsonPropertyName("pool")] string Pool,
    [property: JsonPropertyName("master_sae")] string MasterSae,
    [property: JsonPropertyName("slave_saes")] IReadOnlyList<string> SlaveSaes,
    [property: JsonPropertyName("expires_at_unix_ms")] long ExpiresAtUnixMilliseconds,
    [property: JsonPropertyName("keys")] IReadOnlyList<KxKeyAllocation> Keys);

/// <summary>One key of a <see cref="KxReservation"/>: which bytes of which block.</summary>
public sealed record KxKeyAllocation(
    [property: JsonPropertyName("key_id")] Guid KeyId,
    [property: JsonPropertyName("block")] string Block,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("length")] int Length);

/// <summary>
/// The peer's copy of a simulated link block (the simulation runs on one node; see <see cref="Links.LinkFeeder"/>).
/// <see cref="Key"/> is secret: never logged, zeroed after use.
/// </summary>
public sealed class KxBlock
{
    [JsonPropertyName("pool")]
    public string? Pool { get; set; }

    [JsonPropertyName("block_id")]
    public string? BlockId { get; set; }

    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    /// <summary>Never the key.</summary>
    public override string ToString() => $"KxBlock({Pool}, {BlockId})";
}

/// <summary>
/// A batch of device keys the master of an <c>etsi014</c> link took from its QKD device: the peer fetches the same keys
/// from its own device by these IDs (ETSI 014 <c>dec_keys</c>) and stores them as block <see cref="BlockId"/> of
/// <see cref="Pool"/>. The batch's shape travels with it (the count of <see cref="KeyIds"/>, <see cref="KeySizeBits"/>),
/// so only the master's configuration sets it. Key IDs only, never key bytes.
/// </summary>
public sealed record KxDeviceBlock(
    [property: JsonPropertyName("pool")] string? Pool,
    [property: JsonPropertyName("block_id")] string? BlockId,
    [property: JsonPropertyName("key_ids")] IReadOnlyList<string>? KeyIds,
    [property: JsonPropertyName("key_size_bits")] int? KeySizeBits);
