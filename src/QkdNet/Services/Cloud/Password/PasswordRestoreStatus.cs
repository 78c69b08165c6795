namespace QkdNet.Services.Cloud.Password;

/// <summary>How a TOPPSS restore ended.</summary>
public enum PasswordRestoreStatus
{
    /// <summary>A k-subset of answers verified against the stored tag and the envelope opened.</summary>
    Restored,

    /// <summary>More than k servers answered and no k of them verify: the password is wrong (or more than m - k lie).</summary>
    WrongPassword,

    /// <summary>Exactly k answered and they do not verify: a wrong password and a lying server look the same.</summary>
    WrongPasswordOrLyingServer,

    /// <summary>Fewer than k usable answers (see the failures).</summary>
    NotEnoughServers,

    /// <summary>Fewer than k usable answers because servers rate-limited the user: try again after the retry-after.</summary>
    RateLimited,

    /// <summary>The servers hold no record for the user.</summary>
    UnknownUser,

    /// <summary>The user or password is out of range; nothing was sent.</summary>
    InvalidInput,
}
