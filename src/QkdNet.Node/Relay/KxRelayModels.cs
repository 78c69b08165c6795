using System.Text.Json.Serialization;
using QkdNet.Node.Kx;

namespace QkdNet.Node.Relay;

/// <summary>
/// The body of <c>POST /kx/v1/relay</c>: one hop of a relayed key share. <see cref="Message"/> is the sealed
/// relay message (ciphertext, authenticated; no key bytes in the clear; it names its pad keys, provisioned before
/// with <see cref="KxRelayPads"/>); the SAEs and expiry tell the destination whom the key is for (they travel over
/// the hop-by-hop mutual TLS of trusted nodes).
/// </summary>
public sealed class KxRelayRequest
{
    /// <summary>The link this hop runs over.</summary>
    [JsonPropertyName("link")]
    public string? Link { get; set; }

    /// <summary>The relay message (<see cref="KeyManagement.Relay.RelayMessageCodec"/>), base64 on the wire.</summary>
    [JsonPropertyName("message")]
    public byte[]? Message { get; set; }

    /// <summary>The master SAE that asked for the key at the origin.</summary>
    [JsonPropertyName("master_sae")]
    public string? MasterSae { get; set; }

    /// <summary>The slave SAEs at the destination.</summary>
    [JsonPropertyName("slave_saes")]
    public IReadOnlyList<string>? SlaveSaes { get; set; }

    /// <summary>When an unfetched relayed key is destroyed at the destination (origin's clock).</summary>
    [JsonPropertyName("expires_at_unix_ms")]
    public long ExpiresAtUnixMilliseconds { get; set; }

    /// <summary>Only the IDs.</summary>
    public override string ToString() => $"KxRelayRequest(link {Link}, {Message?.Length ?? 0} bytes)";
}

/// <summary>The answer of <c>POST /kx/v1/relay</c>.</summary>
/// <param name="Stored">True when the destination holds the key durably (the last share arrived); false while shares are missing.</param>
public sealed record KxRelayAnswer([property: JsonPropertyName("stored")] bool Stored);

/// <summary>The body of <c>POST /kx/v1/relay/pads</c>: a batch of pads the sender reserved on the link, for the receiver to import.</summary>
/// <param name="Link">The link.</param>
/// <param name="PadBytes">Bytes per pad.</param>
/// <param name="Pad">The reservation (no key bytes).</param>
public sealed record KxRelayPads(
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("pad_bytes")] int PadBytes,
    [property: JsonPropertyName("pad")] KxReservation Pad);

/// <summary>The answer of <c>POST /kx/v1/relay/pads</c>: how many pads the receiver now holds from the batch.</summary>
public sealed record KxRelayPadsAnswer([property: JsonPropertyName("pads")] int Pads);
