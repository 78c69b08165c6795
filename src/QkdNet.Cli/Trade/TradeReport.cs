using System.Text.Json.Serialization;

namespace QkdNet.Cli.Trade;

/// <summary>What <c>qkdnet trade --json</c> prints: one object, snake_case.</summary>
internal sealed record TradeReport(
    long Orders,
    long Completed,
    long Failed,
    double RatePerSecond,
    string Policy,
    int Hops,
    [property: JsonPropertyName("round_trip_us")] LatencySummary RoundTripUs,
    TradeModes Modes,
    double KeyBitsPerOrder,
    double KeyBitsDrawnPerOrder,
    double KeyRateNeededBps,
    double KeyRateSuppliedBps,
    TradePool Pool,
    TradeFaults Faults,
    TradeComparison Compare,
    string Notes,
    TradeCost? Cost = null,
    [property: JsonPropertyName("warmup_orders")] int? WarmupOrders = null,
    TradeRuntime? Runtime = null);

/// <summary>
/// The runtime settings the run had (<see cref="TradeRuntimeTuning"/>): socket completions on the epoll thread, the
/// thread pool's spin limit (null: the runtime's default), the garbage collector's flavour, and the processors seen;
/// and the latency-tail levers (<see cref="TradeLevers"/>): how the links' ends received (<c>threads</c> of their own
/// with blocking I/O, or <c>async</c>), the scheduling their threads and the pacer got (<c>fifo ...</c>, or
/// <c>normal</c> with why), and the GC latency mode during the run.
/// </summary>
internal sealed record TradeRuntime(
    [property: JsonPropertyName("inline_socket_completions")] bool InlineSocketCompletions,
    [property: JsonPropertyName("thread_pool_spin_limit")] int? ThreadPoolSpinLimit,
    [property: JsonPropertyName("gc")] string Gc,
    [property: JsonPropertyName("processors")] int Processors)
{
    [JsonPropertyName("receive")]
    public string? Receive { get; init; }

    [JsonPropertyName("scheduling")]
    public string? Scheduling { get; init; }

    [JsonPropertyName("gc_latency_mode")]
    public string? GcLatencyMode { get; init; }

    /// <summary>The processor the pacer and receive threads were bound to; null: not bound.</summary>
    [JsonPropertyName("pinned_cpu")]
    public int? PinnedCpu { get; init; }

    /// <summary>How long before each order's intended time the pacer spun rather than slept, in µs.</summary>
    [JsonPropertyName("pacer_spin_us")]
    public int? PacerSpinUs { get; init; }
}

/// <summary>What each link's measured orders cost the harness process (CPU, allocation, GC).</summary>
internal sealed record TradeCost(
    [property: JsonPropertyName("otp")] LinkCost? Otp,
    [property: JsonPropertyName("aes_gcm_qkd")] LinkCost? AesGcmQkd,
    [property: JsonPropertyName("plain_tcp")] LinkCost? PlainTcp,
    [property: JsonPropertyName("tls13")] LinkCost? Tls13);

/// <summary>Messages per protection mode, both directions (orders and their reports), of the one-time-pad run.</summary>
internal sealed record TradeModes(long Otp, long Aes);

/// <summary>The key filled before the run: bits per direction, how long the development links took, and how long it lasts at the needed rate.</summary>
internal sealed record TradePool(long PrefilledBits, double FillSeconds, double LastsSeconds, string Links);

/// <summary>
/// What went wrong and was carried: frames rejected, messages refused for want of key, KME fetch failures, reconnects,
/// and, in a fault drill (<c>--kill-broker-kme-after N</c>), after how many measured orders the broker's KME was killed.
/// </summary>
internal sealed record TradeFaults(long Rejected, long Refused, long KmeFetchFailures, long Reconnects, long? BrokerKmeKilledAfter = null);

/// <summary>The same orders over the conventional links and over AES-GCM keyed from QKD keys, in the same run.</summary>
internal sealed record TradeComparison(
    [property: JsonPropertyName("plain_tcp")] LatencySummary PlainTcp,
    [property: JsonPropertyName("tls13")] LatencySummary Tls13,
    [property: JsonPropertyName("aes_gcm_qkd")] LatencySummary AesGcmQkd,
    [property: JsonPropertyName("otp_p99_9_over_tls13")] double OtpOverTls);
