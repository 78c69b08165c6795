namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// A rate limiter's decision on one password guess: allowed (and counted), or refused until <see cref="RetryAfter"/>
/// has passed. <see cref="FailedGuesses"/> is the user's count of unconfirmed guesses after this decision.
/// </summary>
public readonly record struct GuessPermit(bool Allowed, int FailedGuesses, TimeSpan RetryAfter);
