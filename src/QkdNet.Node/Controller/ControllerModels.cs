using System.Text.Json.Serialization;

namespace QkdNet.Node.Controller;

// The controller's wire formats (our own API, JSON over HTTPS with mutual TLS). No key material anywhere.

/// <summary>
/// A node's periodic report: the link blocks completed since its last report (none is a heartbeat), and optionally its
/// relay activity, the keys its SAEs got and the eavesdropper on each simulated link it runs (for the dashboard; an older node sends none of them).
/// </summary>
public sealed record NodeReport(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("samples")] IReadOnlyList<LinkSampleDto>? Samples,
    [property: JsonPropertyName("relays")] RelayActivityDto? Relays = null,
    [property: JsonPropertyName("saes")] IReadOnlyList<SaeUsageDto>? Saes = null,
    [property: JsonPropertyName("simulated_links")] IReadOnlyList<EavesdropperDto>? SimulatedLinks = null);

/// <summary>
/// One link sample (<see cref="Control.Health.LinkHealthSample"/> on the wire). <see cref="Qber"/> is null when the link
/// has no estimate (counted as above threshold); <see cref="AuthenticationFailed"/> reports a failed Wegman-Carter tag.
/// </summary>
public sealed record LinkSampleDto(
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("qber")] double? Qber,
    [property: JsonPropertyName("secret_key_rate_bps")] double SecretKeyRateBps,
    [property: JsonPropertyName("pool_bits")] long PoolBits,
    [property: JsonPropertyName("pool_capacity_bits")] long PoolCapacityBits,
    [property: JsonPropertyName("block_aborted")] bool BlockAborted,
    [property: JsonPropertyName("abort_reason")] string? AbortReason,
    [property: JsonPropertyName("authentication_failed")] bool AuthenticationFailed = false);

/// <summary>
/// The controller's answer to a report: the routing snapshot every node relays over, and (only from a controller in
/// development mode) the eavesdropper an operator set on each simulated link of the reporting node.
/// </summary>
public sealed record RoutingPush(
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("links")] IReadOnlyList<LinkStateDto> Links,
    [property: JsonPropertyName("drills")] IReadOnlyList<EavesdropperDto>? Drills = null);

/// <summary>One link's routing state (<see cref="Control.Routing.LinkState"/> on the wire).</summary>
public sealed record LinkStateDto(
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("pool_fraction")] double PoolFraction,
    [property: JsonPropertyName("secret_key_rate_bps")] double SecretKeyRateBps,
    [property: JsonPropertyName("quarantined")] bool Quarantined);
