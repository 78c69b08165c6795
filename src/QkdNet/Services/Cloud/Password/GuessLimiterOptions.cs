namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The back-off of <see cref="ExponentialBackoffGuessLimiter"/>: <see cref="FreeGuesses"/> unconfirmed guesses pass at
/// once; after f of them (f at least FreeGuesses) the next waits min(BaseDelay * 2^(f - FreeGuesses), MaxDelay) after
/// the last. With the defaults (5, 1 s, 1 h) an attacker gets about 5 + 12 guesses in the first hour and 24 a day after.
/// </summary>
public sealed record GuessLimiterOptions
{
    public int FreeGuesses { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Null when valid, else the problem in one sentence.</summary>
    public string? Validate() =>
        FreeGuesses < 0 ? $"the free guesses must not be negative (got {FreeGuesses})."
        : BaseDelay <= TimeSpan.Zero ? "the base delay must be positive."
        : MaxDelay < BaseDelay ? "the largest delay must be at least the base delay."
        : null;
}
