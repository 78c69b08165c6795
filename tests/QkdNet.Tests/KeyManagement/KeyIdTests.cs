using QkdNet.KeyManagement;

namespace QkdNet.Tests.KeyManagement;

public sealed class KeyIdTests
{
    [Fact]
    public void New_IsVersion4AndRoundTripsThroughTextAndBytes()
    {
        KeyId id = KeyId.New();
        string text = id.ToString();
        Assert.Equal('4', text[14]);
        Assert.True(KeyId.TryParse(text, out KeyId parsed));
        Assert.Equal(id, parsed);
        Assert.True(KeyId.TryRead(id.ToBytes(), out KeyId read));
        Assert.Equal(id, read);
    }

    [Fact]
    public void NewTimeOrdered_IsVersion7WithTheMillisecondsUpFront_AndRoundTrips()
    {
        var now = new DateTimeOffset(2026, 12, 3, 18, 0, 0, 123, TimeSpan.Zero);
        KeyId id = KeyId.NewTimeOrdered(now);
        string text = id.ToString();

        Assert.Equal('7', text[14]);
        Assert.Contains(text[19], "89ab");
        Assert.Equal(now.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture), text[..8] + text[9..13]);
        Assert.True(KeyId.TryParse(text, out KeyId parsed));
        Assert.Equal(id, parsed);
        Assert.True(KeyId.TryRead(id.ToBytes(), out KeyId read));
        Assert.Equal(id, read);
    }

    [Fact]
    public void NewTimeOrdered_SameMillisecond_DiffersInItsRandomBits_AndALaterOneSortsAfter()
    {
        var now = new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);
        KeyId first = KeyId.NewTimeOrdered(now), second = KeyId.NewTimeOrdered(now), later = KeyId.NewTimeOrdered(now.AddMilliseconds(1));

        Assert.NotEqual(first, second);
        Assert.True(first.ToBytes().AsSpan().SequenceCompareTo(later.ToBytes()) < 0);
        Assert.True(second.ToBytes().AsSpan().SequenceCompareTo(later.ToBytes()) < 0);
    }

    [Fact]
    public void NewTimeOrdered_ForManyAtOnce_AllVersion7WithTheSameMilliseconds_AndDistinct()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_764_720_000_123);
        var ids = new KeyId[200]; // past the stack buffer of 1024 random bytes, so both paths run

        KeyId.NewTimeOrdered(now, ids);

        Assert.Equal(ids.Length, ids.Distinct().Count());
        string milliseconds = now.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        foreach (KeyId id in ids)
        {
            string text = id.ToString();
            Assert.Equal('7', text[14]);
            Assert.Contains(text[19], "89ab");
            Assert.Equal(milliseconds, text[..8] + text[9..13]);
        }
    }

    [Fact]
    public void NewTimeOrdered_BeforeTheUnixEpoch_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyId.NewTimeOrdered(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{bc490419-7d60-487f-adc1-4ddcc177c139}")]
    [InlineData("bc4904197d60487fadc14ddcc177c139")]
    [InlineData(" bc490419-7d60-487f-adc1-4ddcc177c139")]
    [InlineData("bc490419-7d60-487f-adc1-4ddcc177c139 ")]
    [InlineData("\tbc490419-7d60-487f-adc1-4ddcc177c139\n")]
    [InlineData("bc490419-7d60-487f-adc1-4ddcc177c139\0")]
    public void TryParse_NonCanonicalOrNil_Fails(string? text) => Assert.False(KeyId.TryParse(text, out _));

    [Fact]
    public void TryParse_UpperCase_IsTheSameId()
    {
        Assert.True(KeyId.TryParse("BC490419-7D60-487F-ADC1-4DDCC177C139", out KeyId upper));
        Assert.True(KeyId.TryParse("bc490419-7d60-487f-adc1-4ddcc177c139", out KeyId lower));
        Assert.Equal(lower, upper);
    }
}
