using QkdNet.KeyManagement;

namespace QkdNet.Simulation;

/// <summary>What happens in a <see cref="ScheduledEvent"/>.</summary>
public enum ScheduledEventKind
{
    /// <summary>A link's fibre or devices fail: no key, no relay, until repaired.</summary>
    LinkFailure = 0,

    /// <summary>An eavesdropper intercepts and resends a fraction of the link's pulses, raising its QBER.</summary>
    Eavesdrop = 1,

    /// <summary>A trusted node goes down: its links make no key and it relays nothing; its users are cut off.</summary>
    NodeOutage = 2,
}

/// <summary>A fault placed at a fixed simulated time by the scenario.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Link">The link (failure, eavesdropping); default for a node outage.</param>
/// <param name="Node">The node (outage); default otherwise.</param>
/// <param name="AtSeconds">Start, in seconds of simulated time.</param>
/// <param name="DurationSeconds">How long it lasts, in seconds (&gt; 0).</param>
/// <param name="InterceptFraction">For eavesdropping: the fraction of pulses intercepted, 0 to 1.</param>
public sealed record ScheduledEvent(ScheduledEventKind Kind, LinkId Link, KmeId Node, double AtSeconds, double DurationSeconds, double InterceptFraction = 0);
