namespace QkdNet.Control.Health;

/// <summary>How a link is doing, as routing and operators see it.</summary>
public enum LinkHealthState
{
    /// <summary>Producing key at a good QBER with a healthy pool.</summary>
    Normal = 0,

    /// <summary>Usable but weak: pool low, key rate zero, a block aborted, or no recent samples.</summary>
    Degraded = 1,

    /// <summary>QBER passed the link's threshold (an eavesdropper suspected): no relay traffic until it recovers.</summary>
    Quarantined = 2,
}
