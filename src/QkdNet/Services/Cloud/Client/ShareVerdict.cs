namespace QkdNet.Services.Cloud.Client;

/// <summary>What the owner concluded about one server's answer to a get.</summary>
public enum ShareVerdict
{
    /// <summary>The share passed its MAC.</summary>
    Verified,

    /// <summary>Not asked (enough shares verified without it).</summary>
    NotAsked,

    /// <summary>No answer.</summary>
    Unreachable,

    /// <summary>A reasoned refusal (the share is missing, access denied).</summary>
    Refused,

    /// <summary>The server lied: an answer that fails the MAC (corrupted, substituted, from another object, stale) or the transport tag.</summary>
    Lied,
}
