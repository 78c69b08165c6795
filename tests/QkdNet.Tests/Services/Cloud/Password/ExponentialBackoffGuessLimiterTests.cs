using QkdNet.Services.Cloud.Password;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Cloud.Password;

public sealed class ExponentialBackoffGuessLimiterTests
{
    private static readonly UserId Alice = UserId.Create("alice").Value;
    private static readonly UserId Bob = UserId.Create("bob").Value;
    private static readonly GuessLimiterOptions Options = new() { FreeGuesses = 3, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };

    [Fact]
    public void TryAcquire_FreeGuesses_PassAtOnceAndAreCounted()
    {
        var limiter = new ExponentialBackoffGuessLimiter(new FakeTimeProvider(), Options);

        var permits = Enumerable.Range(0, 3).Select(_ => limiter.TryAcquire(Alice)).ToList();

        Assert.All(permits, p => Assert.True(p.Allowed));
        Assert.Equal([1, 2, 3], permits.Select(p => p.FailedGuesses));
        Assert.Equal(3, limiter.FailedGuesses(Alice));
    }

    [Fact]
    public void TryAcquire_PastTheFreeGuesses_WaitsADelayThatDoublesPerGuess()
    {
        var time = new FakeTimeProvider();
        var limiter = new ExponentialBackoffGuessLimiter(time, Options);
        for (int i = 0; i < 3; i++)
        {
            limiter.TryAcquire(Alice);
        }

        var refused = limiter.TryAcquire(Alice);
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(3, limiter.FailedGuesses(Alice));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(Alice).Allowed);
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.TryAcquire(Alice).RetryAfter);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(limiter.TryAcquire(Alice).Allowed);
        Assert.Equal(TimeSpan.FromSeconds(4), limiter.TryAcquire(Alice).RetryAfter);
    }

    [Fact]
    public void TryAcquire_ManyFailures_WaitsNoLongerThanTheMaximum()
    {
        var time = new FakeTimeProvider();
        var limiter = new ExponentialBackoffGuessLimiter(time, Options);
        for (int i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            Assert.True(limiter.TryAcquire(Alice).Allowed);
        }

        Assert.Equal(TimeSpan.FromSeconds(30), limiter.TryAcquire(Alice).RetryAfter);
    }

    [Fact]
    public void Reset_ClearsOnlyThatUsersCount()
    {
        var limiter = new ExponentialBackoffGuessLimiter(new FakeTimeProvider(), Options);
        for (int i = 0; i < 4; i++)
        {
            limiter.TryAcquire(Alice);
            limiter.TryAcquire(Bob);
        }

        limiter.Reset(Alice);

        Assert.Equal(0, limiter.FailedGuesses(Alice));
        Assert.True(limiter.TryAcquire(Alice).Allowed);
        Assert.Equal(3, limiter.FailedGuesses(Bob));
        Assert.False(limiter.TryAcquire(Bob).Allowed);
    }

    [Theory]
    [InlineData(-1, 1, 10, "free guesses")]
    [InlineData(3, 0, 10, "base delay")]
    [InlineData(3, 10, 1, "largest delay")]
    public void Create_InvalidOptions_NamesTheProblem(int free, int baseSeconds, int maxSeconds, string expected)
    {
        var options = new GuessLimiterOptions { FreeGuesses = free, BaseDelay = TimeSpan.FromSeconds(baseSeconds), MaxDelay = TimeSpan.FromSeconds(maxSeconds) };

        var error = Assert.Throws<ArgumentException>(() => new ExponentialBackoffGuessLimiter(new FakeTimeProvider(), options));

        Assert.Contains(expected, error.Message);
    }
}
