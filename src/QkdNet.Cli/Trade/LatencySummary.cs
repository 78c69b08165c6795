using System.Text.Json.Serialization;

namespace QkdNet.Cli.Trade;

/// <summary>Round-trip latency percentiles in microseconds (null in JSON when no order completed), and how many orders they cover.</summary>
internal sealed record LatencySummary(
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("p99_9")] double P999,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("count")] long Count);
