using QkdNet.Services.Cloud.Integrity;

namespace QkdNet.Tests.Services.Cloud.Integrity;

public sealed class ShareMacHasherTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(7, 2)]
    [InlineData(1000, 3)]
    [InlineData(65536 + 13, 4)]
    public void Finish_OverPiecesOfAnyLength_EqualsTheTagOfTheWholeShare(int length, int seed)
    {
        var random = new Random(seed);
        byte[] key = new byte[ShareMac.KeyBytes], share = new byte[length];
        random.NextBytes(key);
        random.NextBytes(share);
        var hasher = new ShareMacHasher(key);

        for (int at = 0; at < length;)
        {
            int piece = Math.Min(length - at, random.Next(0, 3) == 0 ? random.Next(0, 9) : random.Next(0, 5000));
            hasher.Append(share.AsSpan(at, piece));
            at += piece;
        }

        Assert.Equal(ShareMac.Tag(key, share, 7), hasher.Finish(7));
    }

    [Fact]
    public void Finish_AfterAChangedByte_DiffersFromTheTag()
    {
        byte[] key = [.. Enumerable.Range(1, ShareMac.KeyBytes).Select(i => (byte)i)];
        byte[] share = new byte[4096];
        var hasher = new ShareMacHasher(key);
        share[100] = 1;

        hasher.Append(share);

        Assert.NotEqual(ShareMac.Tag(key, new byte[4096], 1), hasher.Finish(1));
    }

    [Fact]
    public void Constructor_KeyOfTheWrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new ShareMacHasher(new byte[8]));
}
