using QkdNet.Services.Cloud.Password;

namespace QkdNet.Tests.Services.Cloud.Password;

public sealed class GroupElementTests
{
    private const string GeneratorCompressed = "036B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296";

    [Fact]
    public void TryDecode_TheGenerator_RoundTripsToTheSameEncoding()
    {
        var element = GroupElement.TryDecode(Convert.FromHexString(GeneratorCompressed)).Value;

        Assert.Equal(GeneratorCompressed, Convert.ToHexString(element.Encoded));
    }

    [Fact]
    public void TryDecode_PointAtInfinity_IsRefused()
    {
        Assert.False(GroupElement.TryDecode([0x00]).IsSuccess);
        Assert.False(GroupElement.TryDecode(new byte[33]).IsSuccess);
    }

    [Fact]
    public void TryDecode_XWithNoPointOnTheCurve_IsRefused()
    {
        // About half of all x have no point (x^3 - 3x + B is a non-square); the x here are fixed, so the count is too.
        int refused = 0;
        for (byte x = 1; x < 20; x++)
        {
            byte[] encoded = new byte[33];
            encoded[0] = 0x02;
            encoded[32] = x;
            if (!GroupElement.TryDecode(encoded).IsSuccess)
            {
                refused++;
            }
        }

        Assert.InRange(refused, 1, 18);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(34)]
    [InlineData(64)]
    public void TryDecode_WrongLength_NamesTheLength(int length)
    {
        var result = GroupElement.TryDecode(new byte[length]);

        Assert.Contains($"not {length}", result.Error);
    }

    [Theory]
    [InlineData(33, 0x01)]
    [InlineData(33, 0x04)]
    [InlineData(65, 0x06)]
    [InlineData(65, 0x02)]
    public void TryDecode_PrefixNotForItsLength_NamesThePrefix(int length, byte prefix)
    {
        byte[] encoded = new byte[length];
        encoded[0] = prefix;

        Assert.Contains($"not 0x{prefix:x2}", GroupElement.TryDecode(encoded).Error);
    }

    [Fact]
    public void TryDecode_UncompressedPointOffTheCurve_IsRefused()
    {
        byte[] encoded = new byte[65];
        encoded[0] = 0x04;
        encoded[32] = 1;
        encoded[64] = 1;

        Assert.False(GroupElement.TryDecode(encoded).IsSuccess);
    }

    [Fact]
    public void TryDecode_TenThousandSeededRandomInputs_NeverThrows()
    {
        // It once did: BouncyCastle throws FormatException, not ArgumentException, for an unknown prefix byte.
        var random = new Random(20261203);
        int accepted = 0;
        for (int i = 0; i < 10_000; i++)
        {
            byte[] bytes = new byte[i % 2 == 0 ? 33 : 65];
            random.NextBytes(bytes);
            bytes[0] = (byte)random.Next(0, 8);
            if (GroupElement.TryDecode(bytes).IsSuccess)
            {
                accepted++;
            }
        }

        // Only compressed points with prefix 2 or 3 and an x on the curve decode (random uncompressed ones essentially never).
        Assert.InRange(accepted, 500, 2000);
    }
}
