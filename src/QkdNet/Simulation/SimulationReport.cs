namespace QkdNet.Simulation;

/// <summary>The outcome of one run: what the network delivered, to whom, over which links. Immutable.</summary>
public sealed record SimulationReport
{
    /// <summary>The seed of the run.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The network's name.</summary>
    public required string Network { get; init; }

    /// <summary>Simulated hours.</summary>
    public required double Hours { get; init; }

    /// <summary>Users placed.</summary>
    public required int Users { get; init; }

    /// <summary>Nodes in the topology.</summary>
    public required int Nodes { get; init; }

    /// <summary>Links in the topology.</summary>
    public required int Links { get; init; }

    /// <summary>Key requests made.</summary>
    public required long Requests { get; init; }

    /// <summary>Keys delivered (each to both users of a request).</summary>
    public required long KeysDelivered { get; init; }

    /// <summary>Requests not served within their wait limit.</summary>
    public required long Blocked { get; init; }

    /// <summary>Blocked / requests (0 when there were none).</summary>
    public double BlockingProbability => Requests == 0 ? 0 : (double)Blocked / Requests;

    /// <summary>Blocked requests by cause: "no_key" (a pool on the route ran short), "no_route", "node_down".</summary>
    public required IReadOnlyDictionary<string, long> BlockedBy { get; init; }

    /// <summary>Mean wait in seconds of delivered keys (0 for keys served at once).</summary>
    public required double MeanWaitSeconds { get; init; }

    /// <summary>Longest wait of a delivered key, in seconds.</summary>
    public required double MaxWaitSeconds { get; init; }

    /// <summary>Mean hops (QKD links) per delivered key, over all its paths.</summary>
    public required double MeanHops { get; init; }

    /// <summary>Mean trusted (intermediate) nodes that saw each delivered key, over all its paths.</summary>
    public required double MeanTrustedNodes { get; init; }

    /// <summary>Delivered keys by hop count of their (first) path: index = hops.</summary>
    public required IReadOnlyList<long> HopHistogram { get; init; }

    /// <summary>Key delivered per user, summarised.</summary>
    public required UserSupply UserKey { get; init; }

    /// <summary>Every link, in topology order.</summary>
    public required IReadOnlyList<LinkOutcome> LinkOutcomes { get; init; }

    /// <summary>The links that blocked most requests (then the most used), at most ten.</summary>
    public required IReadOnlyList<string> BottleneckLinks { get; init; }

    /// <summary>Times (hours) of the samples in <see cref="MeanPoolFraction"/>, <see cref="BlockingOverTime"/> and each link's series.</summary>
    public required IReadOnlyList<double> SampleHours { get; init; }

    /// <summary>Mean pool level over all links at each sample, as a fraction of capacity.</summary>
    public required IReadOnlyList<double> MeanPoolFraction { get; init; }

    /// <summary>Blocking probability of the requests made in each sample interval (NaN for an interval without requests).</summary>
    public required IReadOnlyList<double> BlockingOverTime { get; init; }

    /// <summary>Times a link was quarantined by the controller's health monitor.</summary>
    public required long Quarantines { get; init; }

    /// <summary>Events the loop processed.</summary>
    public required long EventsProcessed { get; init; }

    /// <summary>Key bits delivered to each user (both ends of a request count), in user order; for the report folder.</summary>
    public required IReadOnlyList<long> PerUserBits { get; init; }
}

/// <summary>The spread of key delivered per user, in bits.</summary>
public sealed record UserSupply(double MinBits, double MedianBits, double MeanBits, double P95Bits, double MaxBits, long UsersWithoutKey);

/// <summary>What one link did during a run.</summary>
/// <param name="Link">Link ID.</param>
/// <param name="A">One end.</param>
/// <param name="B">Other end.</param>
/// <param name="NominalRateBps">Its model's secret key rate when up, bits/s (0 for a satellite link, whose rate varies).</param>
/// <param name="SuppliedBits">Key the link made into its pool.</param>
/// <param name="WastedBits">Key made while the pool was full.</param>
/// <param name="ConsumedBits">Pad used by relays.</param>
/// <param name="Relays">Relay hops it carried (one per key per path).</param>
/// <param name="BlockedRequests">Requests blocked for want of key on this link.</param>
/// <param name="Utilisation">Consumed / (initial + supplied).</param>
/// <param name="FinalPoolBits">Level at the end.</param>
/// <param name="DownSeconds">Seconds failed, its nodes down, or quarantined.</param>
/// <param name="PassSeconds">For a satellite link: seconds the satellite was above the station's minimum elevation.</param>
/// <param name="PoolFraction">Pool level at each sample, as a fraction of capacity.</param>
public sealed record LinkOutcome(string Link, string A, string B, double NominalRateBps, double SuppliedBits, double WastedBits, double ConsumedBits,
    long Relays, long BlockedRequests, double Utilisation, double FinalPoolBits, double DownSeconds, double PassSeconds, IReadOnlyList<double> PoolFraction);
