namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Limits online password guesses per user at one share server: every evaluation counts as a failed guess until the
/// client proves it succeeded. Implementations are thread-safe.
/// </summary>
public interface IGuessRateLimiter
{
    /// <summary>Allows and counts one guess for <paramref name="user"/>, or refuses it with the wait.</summary>
    GuessPermit TryAcquire(UserId user);

    /// <summary>Clears the user's count (a confirmed restore).</summary>
    void Reset(UserId user);

    /// <summary>The user's unconfirmed guesses.</summary>
    int FailedGuesses(UserId user);
}
