using System.Text.Json.Serialization;

namespace QkdNet.Node.Controller;

// What nodes report beside link health, and the attack drills a development controller hands back. Counts, node,
// link and SAE IDs only: no key material anywhere.

/// <summary>
/// A node's relay work: relays started there and not concluded, totals, the paths of its last relayed keys, and the
/// keys it originated over each link (by link ID; an older node sends none).
/// </summary>
public sealed record RelayActivityDto(
    [property: JsonPropertyName("in_flight")] long InFlight,
    [property: JsonPropertyName("originated")] long Originated,
    [property: JsonPropertyName("failures")] long Failures,
    [property: JsonPropertyName("recent_routes")] IReadOnlyList<RecentRouteDto> RecentRoutes,
    [property: JsonPropertyName("originated_over")] IReadOnlyDictionary<string, long>? OriginatedOver = null);

/// <summary>The path of one relayed key (<c>a -[link]-&gt; b ...</c>, shares separated by <c>|</c>) and when it concluded.</summary>
public sealed record RecentRouteDto(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("route")] string Route);

/// <summary>Keys handed to one SAE since its node started, as master and as slave, and their bits.</summary>
public sealed record SaeUsageDto(
    [property: JsonPropertyName("sae")] string Sae,
    [property: JsonPropertyName("keys_as_master")] long KeysAsMaster,
    [property: JsonPropertyName("keys_as_slave")] long KeysAsSlave,
    [property: JsonPropertyName("bits")] long Bits);

/// <summary>
/// The eavesdropper on a simulated link (as <c>link attack --eve</c> takes it; null: none): what a node reports for the
/// simulated links it runs, and the drill a development controller asks for.
/// </summary>
public sealed record EavesdropperDto(
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("eve")] string? Eve);
