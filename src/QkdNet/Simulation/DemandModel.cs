namespace QkdNet.Simulation;

/// <summary>
/// How users ask for keys: each user's requests form a Poisson process of <see cref="RequestsPerUserPerHour"/>, so
/// the network's requests are one Poisson process of users x that rate. Each request asks for one key of
/// <see cref="KeyBits"/> bits to a peer user drawn by the local / national / intercontinental mix.
/// </summary>
/// <param name="RequestsPerUserPerHour">Mean requests per user per hour (&gt;= 0).</param>
/// <param name="KeyBits">Size of each requested key in bits (a positive multiple of 8).</param>
/// <param name="MaxWaitSeconds">How long a request may wait for pad before it counts as blocked (0: blocked at once).</param>
/// <param name="Local">Share of requests to a user on a nearby node (within <see cref="LocalRadiusKm"/>, or a neighbour).</param>
/// <param name="National">Share of requests to a user elsewhere in the same region.</param>
/// <param name="Intercontinental">Share of requests to a user in another region.</param>
/// <param name="LocalRadiusKm">Great-circle radius in km of the "local" area around a node.</param>
public sealed record DemandModel(double RequestsPerUserPerHour = 1, int KeyBits = 256, double MaxWaitSeconds = 0,
    double Local = 0.6, double National = 0.35, double Intercontinental = 0.05, double LocalRadiusKm = 100)
{
    /// <summary>The defaults.</summary>
    public static DemandModel Default { get; } = new();
}
