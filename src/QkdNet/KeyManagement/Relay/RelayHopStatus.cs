namespace QkdNet.KeyManagement.Relay;

/// <summary>The kinds of <see cref="RelayHopOutcome"/>; the Kx host answers each with its own HTTP status (in brackets).</summary>
public enum RelayHopStatus
{
    /// <summary>The key is stored at the destination, or a pad batch was taken (200).</summary>
    Stored,

    /// <summary>The share is held at the destination until the other shares arrive (202).</summary>
    Pending,

    /// <summary>The sender has no link to this node, or not the one it names (403).</summary>
    Forbidden,

    /// <summary>The message or batch is malformed, forged, or names a path through the wrong nodes (400).</summary>
    Malformed,

    /// <summary>A replayed or reordered hop, a share the reassembler refuses, a pad batch or key the store refuses (409).</summary>
    Conflict,

    /// <summary>This node does not hold the pad the hop names: the two ends' stocks disagree (412).</summary>
    PadsOutOfSync,

    /// <summary>This node could not pass the share on or store the key (503).</summary>
    Unavailable,
}
