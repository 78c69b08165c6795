using System.Text.Json.Serialization;
using QkdNet.Node.Kx;

namespace QkdNet.Node.Relay;

/// <summary>
/// The body of <c>POST /kx/v1/relay</c>: one hop of a relayed key share. <see cref="Message"/> is the sealed
/// relay message (ciphertext, authenticated; no key bytes in the clear; it names its pad keys, provisioned before
/// with <see cref="KxRelayPads"/>); whom the key is for (SAEs, expiry) is in the message's manifest, under its tag.
/// </summary>
public sealed class KxRelayRequest
{
    /// <summary>The link this hop runs over.</summary>
    [JsonPropertyName("link")]
    public string? Link { get; set; }

    /// <summary>The relay message (<see cref="KeyManagement.Relay.RelayMessageCodec"/>), base64 on the wire.</summary>
    [JsonPropertyName("message")]
    public byte[]? Message { get; set; }

    /// <summary>Only the IDs.</summary>
    public override string ToString() => $"KxRelayRequest(link {Link}, {Message?.Length ?? 0} bytes)";
}

/// <summary>The answer of <c>POST /kx/v1/relay</c>.</summary>
/// <param name="Stored">True when the destination holds the key durably (the last share arrived); false while shares are missing.</param>
/// <param name="Confirmation">With <paramref name="Stored"/>: the destination's key-confirmation tag, which the origin checks before it hands the key out.</param>
public sealed record KxRelayAnswer(
    [property: JsonPropertyName("stored")] bool Stored,
    [property: JsonPropertyName("confirmation")] ulong? Confirmation = null);

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
