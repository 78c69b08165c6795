using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>What routing needs to know about one link at one moment.</summary>
/// <param name="Link">The link.</param>
/// <param name="PoolFraction">Key in the link's pool as a fraction of its capacity, 0 to 1.</param>
/// <param name="SecretKeyRateBps">Current secret key rate in bits per second (after any speed-up).</param>
/// <param name="Quarantined">True while the link must carry no relay traffic (an eavesdropper suspected).</param>
public readonly record struct LinkState(LinkId Link, double PoolFraction, double SecretKeyRateBps, bool Quarantined);
