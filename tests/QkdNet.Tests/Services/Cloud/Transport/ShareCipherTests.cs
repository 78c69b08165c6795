using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Tests.Services.Cloud.Transport;

public sealed class ShareCipherTests
{
    private static readonly ShareProtectionSettings Small = new() { OneTimePadMaxBytes = 1000, SegmentBytes = 4096, RekeyBytes = 8192 };
    private static readonly byte[] Context = "qkdnet-share/s1/abc/put/0"u8.ToArray();

    private static byte[] Bytes(long length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(4096)]
    [InlineData(8193)]
    [InlineData(30000)]
    public void SealThenOpen_ReturnsThePayload_AtEveryFramingBoundary(int length)
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(length, Small);
        byte[] keys = Bytes(plan.KeyBitsUsed / 8, 1), plain = Bytes(length, 2);

        byte[] wire = ShareCipher.Seal(plan, keys, Context, AuthenticationRole.Alice, plain);

        Assert.Equal(plan.WireBytes, wire.Length);
        Assert.Equal(plain, ShareCipher.Open(plan, keys, Context, AuthenticationRole.Alice, wire));
        Assert.Equal(plan, ShareProtectionPlan.ParseWire(plan.Header, wire.Length, Small, out _));
    }

    [Fact]
    public void Plan_SmallRecordsGoUnderAPad_BulkUnderAesRekeyedEveryInterval()
    {
        ShareProtectionPlan pad = ShareProtectionPlan.For(1000, Small);
        Assert.Equal(ShareProtectionKind.OneTimePad, pad.Kind);
        Assert.Equal((1000 + 16) * 8, pad.KeyBitsUsed, tolerance: Small.OneTimePadKeyBits);

        ShareProtectionPlan bulk = ShareProtectionPlan.For(8192 * 3 + 1, Small);
        Assert.Equal(ShareProtectionKind.AesGcm, bulk.Kind);
        Assert.Equal(4, bulk.KeyCount);
        Assert.Equal(256, bulk.KeyBits);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(20000)]
    public void Open_AFlippedBitAnotherContextOrTheOtherDirection_IsRefused(int length)
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(length, Small);
        byte[] keys = Bytes(plan.KeyBitsUsed / 8, 1);
        byte[] wire = ShareCipher.Seal(plan, keys, Context, AuthenticationRole.Alice, Bytes(length, 2));

        byte[] flipped = (byte[])wire.Clone();
        flipped[length / 2] ^= 1;
        Assert.Null(ShareCipher.Open(plan, keys, Context, AuthenticationRole.Alice, flipped));
        Assert.Null(ShareCipher.Open(plan, keys, "qkdnet-share/s2/abc/put/0"u8, AuthenticationRole.Alice, wire));
        Assert.Null(ShareCipher.Open(plan, keys, Context, AuthenticationRole.Bob, wire));
        Assert.Null(ShareCipher.Open(plan, keys, Context, AuthenticationRole.Alice, wire.AsSpan(0, wire.Length - 1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("rot13")]
    [InlineData("aes-256-gcm/100/100")]
    [InlineData("aes-256-gcm/4096/5000")]
    [InlineData("otp/7")]
    public void ParseWire_MalformedHeader_NamesTheHeader(string? header)
    {
        Assert.Null(ShareProtectionPlan.ParseWire(header, 5000, Small, out string? problem));
        Assert.Contains(ShareProtectionPlan.HeaderName, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PadLargerThanTheServerAllows_IsRefused()
    {
        Assert.Null(ShareProtectionPlan.Parse("otp/8192", 1001, Small, out string? problem));
        Assert.Contains("at most 1000", problem, StringComparison.Ordinal);
    }
}
