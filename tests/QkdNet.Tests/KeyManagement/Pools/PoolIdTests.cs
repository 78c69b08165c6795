using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.Tests.KeyManagement.Pools;

public sealed class PoolIdTests
{
    private static readonly LinkId Link = LinkId.Create("link-ab");
    private static readonly KmeId A = KmeId.Create("kme-a");
    private static readonly KmeId B = KmeId.Create("kme-b");

    [Fact]
    public void Create_TextIsLinkDotOwner_AsStoredAndSentBefore()
    {
        PoolId pool = PoolId.Create(Link, A);

        Assert.Equal("link-ab.kme-a", pool.ToString());
        Assert.Equal(LinkId.Create("link-ab.kme-a"), (LinkId)pool);
        Assert.Equal(Link, pool.Link);
        Assert.Equal(A, pool.Owner);
    }

    [Fact]
    public void TryCreate_TextLongerThan64Characters_IsRefused()
    {
        LinkId longLink = LinkId.Create(new string('l', 40));
        KmeId longOwner = KmeId.Create(new string('k', 24));

        Assert.False(PoolId.TryCreate(longLink, longOwner, out _));
        Assert.True(PoolId.TryCreate(longLink, KmeId.Create(new string('k', 23)), out _));
        Assert.Throws<ArgumentException>(() => PoolId.Create(longLink, longOwner));
    }

    [Fact]
    public void TryCreate_DefaultLinkOrOwner_IsRefused()
    {
        Assert.False(PoolId.TryCreate(default, A, out _));
        Assert.False(PoolId.TryCreate(Link, default, out _));
    }

    [Fact]
    public void TryParse_TextOfAPoolOfTheLink_RoundTrips()
    {
        PoolId pool = PoolId.Create(Link, B);

        Assert.True(PoolId.TryParse(pool.ToString(), Link, out PoolId parsed));
        Assert.Equal(pool, parsed);
    }

    [Fact]
    public void TryParse_DotsInLinkAndOwner_SplitAtTheKnownLink()
    {
        LinkId dotted = LinkId.Create("tokyo.link-1");

        Assert.True(PoolId.TryParse("tokyo.link-1.kme.a", dotted, out PoolId pool));
        Assert.Equal(dotted, pool.Link);
        Assert.Equal(KmeId.Create("kme.a"), pool.Owner);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("link-ab")]
    [InlineData("link-ab.")]
    [InlineData("link-ac.kme-a")]
    [InlineData("link-abc.kme-a")]
    [InlineData("link-ab.kme a")]
    [InlineData("link-ab.kme,a")]
    public void TryParse_NotAPoolOfTheLink_IsRefused(string? text) =>
        Assert.False(PoolId.TryParse(text, Link, out _));

    [Fact]
    public void Equality_FollowsLinkAndOwner()
    {
        Assert.Equal(PoolId.Create(Link, A), PoolId.Create(LinkId.Create("link-ab"), KmeId.Create("kme-a")));
        Assert.Equal(PoolId.Create(Link, A).GetHashCode(), PoolId.Create(Link, A).GetHashCode());
        Assert.NotEqual(PoolId.Create(Link, A), PoolId.Create(Link, B));
        Assert.NotEqual(PoolId.Create(Link, A), PoolId.Create(LinkId.Create("link-ba"), A));
    }

    [Fact]
    public void LinkPools_BothPoolsOfALink_AreThePoolIdsOfItsEnds()
    {
        Assert.True(LinkPools.TryCreate(Link, A, B, out (PoolId A, PoolId B) pools));
        Assert.Equal(LinkPools.PoolOf(Link, A), pools.A);
        Assert.Equal(LinkPools.PoolOf(Link, B), pools.B);
    }
}
