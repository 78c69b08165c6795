namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Per-user exponential back-off on unconfirmed password guesses (<see cref="GuessLimiterOptions"/>), timed by an
/// injected <see cref="TimeProvider"/>. State is kept only for users with unconfirmed guesses (the server asks only for
/// users it holds). Thread-safe (one lock).
/// </summary>
public sealed class ExponentialBackoffGuessLimiter : IGuessRateLimiter
{
    private readonly GuessLimiterOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<UserId, (int Failed, DateTimeOffset Last)> _state = [];
    private readonly Lock _lock = new();

    public ExponentialBackoffGuessLimiter(TimeProvider time, GuessLimiterOptions? options = null)
    {
        _options = options ?? new GuessLimiterOptions();
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _time = time;
    }

    public GuessPermit TryAcquire(UserId user)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            var (failed, last) = _state.GetValueOrDefault(user);
            if (failed >= _options.FreeGuesses)
            {
                TimeSpan wait = Delay(failed - _options.FreeGuesses) - (now - last);
                if (wait > TimeSpan.Zero)
                {
                    return new GuessPermit(false, failed, wait);
                }
            }

            _state[user] = (failed + 1, now);
            return new GuessPermit(true, failed + 1, TimeSpan.Zero);
        }
    }

    public void Reset(UserId user)
    {
        lock (_lock)
        {
            _state.Remove(user);
        }
    }

    public int FailedGuesses(UserId user)
    {
        lock (_lock)
        {
            return _state.GetValueOrDefault(user).Failed;
        }
    }

    private TimeSpan Delay(int excess)
    {
        // 2^excess overflows nothing: past 40 doublings of any positive base the cap has long applied.
        double factor = Math.Pow(2, Math.Min(excess, 40));
        double ticks = Math.Min(_options.BaseDelay.Ticks * factor, _options.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
