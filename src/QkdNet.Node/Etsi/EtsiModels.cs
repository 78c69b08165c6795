using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace QkdNet.Node.Etsi;

// The data formats of ETSI GS QKD 014 V1.1.1, clause 6, with the spec's own field names.

/// <summary>Status (clause 6.1): the link between the caller's KME and the slave SAE's KME.</summary>
public sealed record EtsiStatus(
    [property: JsonPropertyName("source_KME_ID")] string SourceKmeId,
    [property: JsonPropertyName("target_KME_ID")] string TargetKmeId,
    [property: JsonPropertyName("master_SAE_ID")] string MasterSaeId,
    [property: JsonPropertyName("slave_SAE_ID")] string SlaveSaeId,
    [property: JsonPropertyName("key_size")] int KeySize,
    [property: JsonPropertyName("stored_key_count")] long StoredKeyCount,
    [property: JsonPropertyName("max_key_count")] long MaxKeyCount,
    [property: JsonPropertyName("max_key_per_request")] int MaxKeyPerRequest,
    [property: JsonPropertyName("max_key_size")] int MaxKeySize,
    [property: JsonPropertyName("min_key_size")] int MinKeySize,
    [property: JsonPropertyName("max_SAE_ID_count")] int MaxSaeIdCount,
    [property: JsonPropertyName("status_extension")] EtsiStatusExtension StatusExtension);

/// <summary>Our <c>status_extension</c>: the pool behind the figures (clause 6.1 leaves its content open).</summary>
/// <param name="PoolState">ready, charging, warning or empty.</param>
/// <param name="AvailableBits">Unconsumed material, in bits.</param>
/// <param name="LowWatermarkBits">Below this the pool warns, in bits.</param>
/// <param name="HighWatermarkBits">The link refills the pool up to this, in bits.</param>
/// <param name="Development">True when the KME is marked development (its key may be simulated or synthetic, not from QKD); absent otherwise.</param>
public sealed record EtsiStatusExtension(
    [property: JsonPropertyName("qkdnet_pool_state")] string PoolState,
    [property: JsonPropertyName("qkdnet_available_bits")] long AvailableBits,
    [property: JsonPropertyName("qkdnet_low_watermark_bits")] long LowWatermarkBits,
    [property: JsonPropertyName("qkdnet_high_watermark_bits")] long HighWatermarkBits,
    [property: JsonPropertyName("qkdnet_development")] bool? Development = null);

/// <summary>Key request (clause 6.2), the body of <c>POST enc_keys</c>.</summary>
public sealed class EtsiKeyRequest
{
    [JsonPropertyName("number")]
    public int? Number { get; set; }

    [JsonPropertyName("size")]
    public int? Size { get; set; }

    [JsonPropertyName("additional_slave_SAE_IDs")]
    public List<string>? AdditionalSlaveSaeIds { get; set; }

    [JsonPropertyName("extension_mandatory")]
    public List<JsonObject>? ExtensionMandatory { get; set; }

    [JsonPropertyName("extension_optional")]
    public List<JsonObject>? ExtensionOptional { get; set; }
}

/// <summary>Key IDs (clause 6.4), the body of <c>POST dec_keys</c>.</summary>
public sealed class EtsiKeyIds
{
    [JsonPropertyName("key_IDs")]
    public List<EtsiKeyIdEntry>? KeyIds { get; set; }

    [JsonPropertyName("key_IDs_extension")]
    public JsonElement? KeyIdsExtension { get; set; }
}

/// <summary>One entry of <see cref="EtsiKeyIds"/>.</summary>
public sealed class EtsiKeyIdEntry
{
    [JsonPropertyName("key_ID")]
    public string? KeyId { get; set; }

    [JsonPropertyName("key_ID_extension")]
    public JsonElement? KeyIdExtension { get; set; }
}

/// <summary>Error (clause 6.5): a message and optional details (an array of objects).</summary>
public sealed record EtsiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details")] JsonArray? Details = null);

/// <summary>Key container (clause 6.3), as read by a client (our server writes it with <see cref="KeyContainerResult"/>).</summary>
public sealed class EtsiKeyContainer
{
    [JsonPropertyName("keys")]
    public List<EtsiKey>? Keys { get; set; }

    [JsonPropertyName("key_container_extension")]
    public JsonElement? KeyContainerExtension { get; set; }
}

/// <summary>One key of a <see cref="EtsiKeyContainer"/>.</summary>
public sealed class EtsiKey
{
    [JsonPropertyName("key_ID")]
    public string? KeyId { get; set; }

    [JsonPropertyName("key_ID_extension")]
    public JsonElement? KeyIdExtension { get; set; }

    [JsonPropertyName("key")]
    public string? Key { get; set; }

    [JsonPropertyName("key_extension")]
    public JsonElement? KeyExtension { get; set; }

    /// <summary>Never the key.</summary>
    public override string ToString() => $"EtsiKey({KeyId})";
}

/// <summary>The JSON settings of the ETSI routes.</summary>
public static class EtsiJson
{
    /// <summary>Strict types (a number must be a JSON number), nulls left out.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(EtsiJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}

/// <summary>
/// Our <c>key_container_extension</c> (clause 6.3 leaves its content open) on the answer to a relayed <c>enc_keys</c>:
/// how each key crossed the trusted nodes and the link key it cost. Absent when the slave's KME is a neighbour.
/// </summary>
/// <param name="Relay">The relay report.</param>
public sealed record EtsiKeyContainerExtension([property: JsonPropertyName("qkdnet_relay")] EtsiRelayReport Relay)
{
    /// <summary>The extension for <paramref name="keys"/>.</summary>
    public static EtsiKeyContainerExtension From(KeyManagement.Relay.RelayedKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new(new EtsiRelayReport(keys.LinkKeyBits, [.. keys.Routes.Select(r => new EtsiRelayedKey(
            r.Key.ToString(),
            r.LinkKeyBits,
            [.. r.Paths.Select(p => new EtsiRelayPath([.. p.Nodes.Select(n => n.Value)], [.. p.Links.Select(l => l.Value)], p.Hops, r.PadBitsPerHop, (long)p.Hops * r.PadBitsPerHop))]))]));
    }
}

/// <summary>The relay report of a key container.</summary>
/// <param name="LinkKeyBits">Link key (one-time pad and authentication pad) spent on all keys of the container, in bits.</param>
/// <param name="Keys">One entry per key, in the container's order.</param>
public sealed record EtsiRelayReport(
    [property: JsonPropertyName("link_key_bits")] long LinkKeyBits,
    [property: JsonPropertyName("keys")] IReadOnlyList<EtsiRelayedKey> Keys);

/// <summary>How one key was relayed.</summary>
/// <param name="KeyId">The key's ID.</param>
/// <param name="LinkKeyBits">Link key it cost over all paths, in bits.</param>
/// <param name="Paths">One path, or one per XOR share (multipath relay).</param>
public sealed record EtsiRelayedKey(
    [property: JsonPropertyName("key_ID")] string KeyId,
    [property: JsonPropertyName("link_key_bits")] long LinkKeyBits,
    [property: JsonPropertyName("paths")] IReadOnlyList<EtsiRelayPath> Paths);

/// <summary>One path of a relayed key.</summary>
/// <param name="Route">KME IDs from this KME to the slave's.</param>
/// <param name="Links">The link of each hop.</param>
/// <param name="Hops">Number of hops.</param>
/// <param name="PadBitsPerHop">Link key each hop consumed, in bits (the key plus the authentication tag's pad).</param>
/// <param name="LinkKeyBits">Hops x pad per hop, in bits.</param>
public sealed record EtsiRelayPath(
    [property: JsonPropertyName("route")] IReadOnlyList<string> Route,
    [property: JsonPropertyName("links")] IReadOnlyList<string> Links,
    [property: JsonPropertyName("hops")] int Hops,
    [property: JsonPropertyName("pad_bits_per_hop")] int PadBitsPerHop,
    [property: JsonPropertyName("link_key_bits")] long LinkKeyBits);
