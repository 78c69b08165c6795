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
