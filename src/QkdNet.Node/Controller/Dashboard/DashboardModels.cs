using System.Text.Json.Serialization;

namespace QkdNet.Node.Controller.Dashboard;

// The dashboard's JSON (GET /dashboard/api/state and each server-sent event): IDs, numbers and names, no key material.

/// <summary>Everything the page draws, as of <see cref="GeneratedAt"/>.</summary>
public sealed record DashboardView(
    [property: JsonPropertyName("network")] string Network,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("caller")] string Caller,
    [property: JsonPropertyName("development")] bool Development,
    [property: JsonPropertyName("generated_at")] DateTimeOffset GeneratedAt,
    [property: JsonPropertyName("routing_version")] long RoutingVersion,
    [property: JsonPropertyName("nodes")] IReadOnlyList<DashboardNode> Nodes,
    [property: JsonPropertyName("links")] IReadOnlyList<DashboardLink> Links,
    [property: JsonPropertyName("alarms")] IReadOnlyList<AlarmView> Alarms,
    [property: JsonPropertyName("relays")] IReadOnlyList<DashboardRelays> Relays,
    [property: JsonPropertyName("saes")] IReadOnlyList<DashboardSae> Saes,
    [property: JsonPropertyName("audit")] IReadOnlyList<DashboardAuditEntry> Audit);

/// <summary>A node: its position in WGS 84 degrees (null when the topology gives none) and when it last reported.</summary>
public sealed record DashboardNode(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("site")] string? Site,
    [property: JsonPropertyName("lat")] double? Latitude,
    [property: JsonPropertyName("lon")] double? Longitude,
    [property: JsonPropertyName("last_report")] DateTimeOffset? LastReport);

/// <summary>
/// A link's health now and its recent history. <see cref="Eve"/> is the eavesdropper its node reports on it (null:
/// none) and <see cref="Simulated"/> whether a node reported it runs a simulation of it (drills apply to those only).
/// </summary>
public sealed record DashboardLink(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("a")] string A,
    [property: JsonPropertyName("b")] string B,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("qber")] double? Qber,
    [property: JsonPropertyName("qber_threshold")] double QberThreshold,
    [property: JsonPropertyName("secret_key_rate_bps")] double SecretKeyRateBps,
    [property: JsonPropertyName("pool_fraction")] double PoolFraction,
    [property: JsonPropertyName("quarantined_by")] string? QuarantinedBy,
    [property: JsonPropertyName("simulated")] bool Simulated,
    [property: JsonPropertyName("eve")] string? Eve,
    [property: JsonPropertyName("history")] IReadOnlyList<LinkHistoryPoint> History);

/// <summary>One sample of a link: when, QBER (null: no estimate), secret key rate in bit/s, pool level 0 to 1.</summary>
public sealed record LinkHistoryPoint(
    [property: JsonPropertyName("t")] DateTimeOffset At,
    [property: JsonPropertyName("qber")] double? Qber,
    [property: JsonPropertyName("rate")] double SecretKeyRateBps,
    [property: JsonPropertyName("pool")] double PoolFraction);

/// <summary>A node's relay work as it last reported it (<see cref="OriginatedOver"/>: keys it originated over each link of the topology).</summary>
public sealed record DashboardRelays(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("in_flight")] long InFlight,
    [property: JsonPropertyName("originated")] long Originated,
    [property: JsonPropertyName("failures")] long Failures,
    [property: JsonPropertyName("recent_routes")] IReadOnlyList<RecentRouteDto> RecentRoutes,
    [property: JsonPropertyName("originated_over")] IReadOnlyDictionary<string, long> OriginatedOver);

/// <summary>Keys one SAE got at its node.</summary>
public sealed record DashboardSae(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("sae")] string Sae,
    [property: JsonPropertyName("keys_as_master")] long KeysAsMaster,
    [property: JsonPropertyName("keys_as_slave")] long KeysAsSlave,
    [property: JsonPropertyName("bits")] long Bits);

/// <summary>An operator's action on the dashboard (also logged as an <c>AUDIT</c> line).</summary>
public sealed record DashboardAuditEntry(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("link")] string Link);

/// <summary>The answer to an operator's action: the link as it is now.</summary>
public sealed record DashboardActionAnswer(
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("quarantined_by")] string? QuarantinedBy,
    [property: JsonPropertyName("eve")] string? Eve);

/// <summary>The body of the attack-drill action: <c>intercept-resend:FRACTION</c>, <c>pns</c>, or <c>none</c>/null to stop.</summary>
public sealed record DashboardEveRequest([property: JsonPropertyName("eve")] string? Eve);
