namespace QkdNet.KeyManagement.Relay;

/// <summary>Why a relay message or share was refused; each value is an auditable event.</summary>
public enum RelayRejectionReason
{
    /// <summary>The message ends before its declared content does.</summary>
    Truncated = 1,

    /// <summary>A field is out of range, or bytes follow the tag.</summary>
    Malformed = 2,

    /// <summary>A wire version this node does not speak.</summary>
    UnsupportedVersion = 3,

    /// <summary>The hop index or path does not match the link it arrived on or this node.</summary>
    PathMismatch = 4,

    /// <summary>The sequence number was already used on this link direction (a replay).</summary>
    Replayed = 5,

    /// <summary>The sequence number skips ahead: an earlier message is missing or was reordered.</summary>
    Reordered = 6,

    /// <summary>The link key for the pad is not available (pool empty, or the key IDs unknown or used).</summary>
    PadUnavailable = 7,

    /// <summary>The Wegman-Carter tag does not verify: the message was forged or altered.</summary>
    Forged = 8,

    /// <summary>A share of this relay arrived twice.</summary>
    DuplicateShare = 9,

    /// <summary>A share's length disagrees with its relay's manifest.</summary>
    ShareMismatch = 10,

    /// <summary>The relay took longer than allowed and was abandoned; its shares were zeroed.</summary>
    Expired = 11,

    /// <summary>A share carries another manifest than the relay's earlier shares: something on one path changed it.</summary>
    ManifestMismatch = 12,

    /// <summary>The relay claims fewer shares (node-disjoint paths) than this node requires: a single path cannot vouch for a key alone.</summary>
    TooFewShares = 13,

    /// <summary>The destination's key confirmation does not match the key the origin made: a share or the manifest was changed on the way.</summary>
    ConfirmationFailed = 14,
}
