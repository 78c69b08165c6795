using QkdNet.KeyManagement;

namespace QkdNet.Tests.KeyManagement;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("SAE_A")]
    [InlineData("sae-1.bank.example")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void TryCreate_AllowedCharacters_Succeeds(string value)
    {
        Assert.True(SaeId.TryCreate(value, out SaeId sae));
        Assert.Equal(value, sae.ToString());
        Assert.True(KmeId.TryCreate(value, out _));
        Assert.True(LinkId.TryCreate(value, out _));
        Assert.True(BlockId.TryCreate(value, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a,b")]
    [InlineData("a b")]
    [InlineData("é")]
    [InlineData("../x?y")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void TryCreate_Malformed_Fails(string? value)
    {
        Assert.False(SaeId.TryCreate(value, out _));
        Assert.False(KmeId.TryCreate(value, out _));
        Assert.False(LinkId.TryCreate(value, out _));
        Assert.False(BlockId.TryCreate(value, out _));
    }

    [Fact]
    public void Create_Malformed_Throws() => Assert.Throws<ArgumentException>(() => SaeId.Create("a/b"));

    [Fact]
    public void Equality_IsOrdinal() => Assert.NotEqual(SaeId.Create("sae"), SaeId.Create("SAE"));
}
