namespace QkdNet.Control.Routing;

/// <summary>
/// Turns a link's state into a routing weight: <c>w = 1 + Alpha / max(pool fraction, MinPoolFraction)
/// + BetaBps / max(rate, MinRateBps)</c>. The 1 counts the hop (each hop costs a key's worth of pad and
/// adds a trusted node); the other terms steer relays away from links whose pools run low or refill slowly.
/// </summary>
/// <remarks>
/// A key-aware metric of the kind surveyed by Mehic et al., "Quantum key distribution: a networking
/// perspective", ACM Computing Surveys 53(5), 96 (2020), Sec. 6.2 (weights growing as the key
/// available on a link shrinks). All weights are at least 1, so Dijkstra and the disjoint-path
/// search apply. Defaults: Alpha 1, Beta 1000 bps (a 1 kbps link costs one extra hop).
/// </remarks>
/// <param name="Alpha">Weight of the pool term (dimensionless).</param>
/// <param name="BetaBps">Weight of the rate term, in bits per second.</param>
/// <param name="MinPoolFraction">Floor on the pool fraction, so an empty pool gives a large finite weight.</param>
/// <param name="MinRateBps">Floor on the rate in bits per second, so a stalled link gives a large finite weight.</param>
public sealed record RoutingWeights(double Alpha = 1, double BetaBps = 1000, double MinPoolFraction = 0.001, double MinRateBps = 1)
{
    /// <summary>The defaults.</summary>
    public static RoutingWeights Default { get; } = new();

    /// <summary>The weight of a link in <paramref name="state"/> (quarantine is handled by exclusion, not weight).</summary>
    public double WeightOf(LinkState state)
    {
        double pool = Math.Max(double.IsFinite(state.PoolFraction) ? state.PoolFraction : 0, MinPoolFraction);
        double rate = Math.Max(double.IsFinite(state.SecretKeyRateBps) ? state.SecretKeyRateBps : 0, MinRateBps);
        return 1 + (Alpha / pool) + (BetaBps / rate);
    }
}
