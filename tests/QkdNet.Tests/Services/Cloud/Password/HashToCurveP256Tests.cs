using System.Text;
using Org.BouncyCastle.Math;
using QkdNet.Services.Cloud.Password;

namespace QkdNet.Tests.Services.Cloud.Password;

/// <summary>RFC 9380, Appendix J.1.1: the P256_XMD:SHA-256_SSWU_RO_ test vectors, with their intermediate values.</summary>
public sealed class HashToCurveP256Tests
{
    private static readonly byte[] Dst = Encoding.ASCII.GetBytes("QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_");

    public static TheoryData<string, string, string, string, string, string, string> Vectors => new()
    {
        {
            "",
            "2c15230b26dbc6fc9a37051158c95b79656e17a1a920b11394ca91c44247d3e4", "8a7a74985cc5c776cdfe4b1f19884970453912e9d31528c060be9ab5c43e8415",
            "ad5342c66a6dd0ff080df1da0ea1c04b96e0330dd89406465eeba11582515009", "8c0f1d43204bd6f6ea70ae8013070a1518b43873bcd850aafa0a9e220e2eea5a",
            "ab640a12220d3ff283510ff3f4b1953d09fad35795140b1c5d64f313967934d5", "dccb558863804a881d4fff3455716c836cef230e5209594ddd33d85c565b19b1"
        },
        {
            "abc",
            "0bb8b87485551aa43ed54f009230450b492fead5f1cc91658775dac4a3388a0f", "5c41b3d0731a27a7b14bc0bf0ccded2d8751f83493404c84a88e71ffd424212e",
            "afe47f2ea2b10465cc26ac403194dfb68b7f5ee865cda61e9f3e07a537220af1", "379a27833b0bfe6f7bdca08e1e83c760bf9a338ab335542704edcd69ce9e46e0",
            "5219ad0ddef3cc49b714145e91b2f7de6ce0a7a7dc7406c7726c7e373c58cb48", "7950144e52d30acbec7b624c203b1996c99617d0b61c2442354301b191d93ecf"
        },
        {
            "abcdef0123456789",
            "65038ac8f2b1def042a5df0b33b1f4eca6bff7cb0f9c6c1526811864e544ed80", "cad44d40a656e7aff4002a8de287abc8ae0482b5ae825822bb870d6df9b56ca3",
            "0fad9d125a9477d55cf9357105b0eb3a5c4259809bf87180aa01d651f53d312c", "b68597377392cd3419d8fcc7d7660948c8403b19ea78bbca4b133c9d2196c0fb",
            "a17bdf2965eb88074bc01157e644ed409dac97cfcf0c61c998ed0fa45e79e4a2", "4f1bc80c70d411a3cc1d67aeae6e726f0f311639fee560c7f5a664554e3c9c2e"
        },
        {
            "q128_" + new string('q', 128),
            "4be61ee205094282ba8a2042bcb48d88dfbb609301c49aa8b078533dc65a0b5d", "98f8df449a072c4721d241a3b1236d3caccba603f916ca680f4539d2bfb3c29e",
            "3bbc30446f39a7befad080f4d5f32ed116b9534626993d2cc5033f6f8d805919", "76bb02db019ca9d3c1e02f0c17f8baf617bbdae5c393a81d9ce11e3be1bf1d33",
            "c76aaa823aeadeb3f356909cb08f97eee46ecb157c1f56699b5efebddf0e6398", "776a6f45f528a0e8d289a4be12c4fab80762386ec644abf2bffb9b627e4352b1"
        },
        {
            "a512_" + new string('a', 512),
            "457ae2981f70ca85d8e24c308b14db22f3e3862c5ea0f652ca38b5e49cd64bc5", "ecb9f0eadc9aeed232dabc53235368c1394c78de05dd96893eefa62b0f4757dc",
            "4ebc95a6e839b1ae3c63b847798e85cb3c12d3817ec6ebc10af6ee51adb29fec", "4e21af88e22ea80156aff790750121035b3eefaa96b425a8716e0d20b4e269ee",
            "d88b989ee9d1295df413d4456c5c850b8b2fb0f5402cc5c4c7e815412e926db8", "bb4a1edeff506cf16def96afff41b16fc74f6dbd55c2210e5b8f011ba32f4f40"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void HashToCurve_Rfc9380Vector_GivesThePointOfAppendixJ11(string message, string px, string py, string u0, string u1, string q0x, string q0y)
    {
        _ = (u0, u1, q0x, q0y);
        var point = HashToCurveP256.HashToCurve(Encoding.ASCII.GetBytes(message), Dst);

        Assert.Equal(px, Hex(point.AffineXCoord.ToBigInteger()));
        Assert.Equal(py, Hex(point.AffineYCoord.ToBigInteger()));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void HashToField_Rfc9380Vector_GivesTheFieldElementsOfAppendixJ11(string message, string px, string py, string u0, string u1, string q0x, string q0y)
    {
        _ = (px, py, q0x, q0y);
        var (actual0, actual1) = HashToCurveP256.HashToField(Encoding.ASCII.GetBytes(message), Dst);

        Assert.Equal(u0, Hex(actual0));
        Assert.Equal(u1, Hex(actual1));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void MapToCurve_Rfc9380Vector_GivesQ0OfAppendixJ11(string message, string px, string py, string u0, string u1, string q0x, string q0y)
    {
        _ = (message, px, py, u1);
        var q0 = HashToCurveP256.MapToCurve(new BigInteger(u0, 16)).Normalize();

        Assert.Equal(q0x, Hex(q0.AffineXCoord.ToBigInteger()));
        Assert.Equal(q0y, Hex(q0.AffineYCoord.ToBigInteger()));
        Assert.True(q0.IsValid());
    }

    [Fact]
    public void MapToCurve_ExceptionalInputZero_GivesAPointOnTheCurve()
    {
        // u = 0 makes Z^2 u^4 + Z u^2 vanish: the map's exceptional case (RFC 9380, Section 6.6.2, step 3).
        var point = HashToCurveP256.MapToCurve(BigInteger.Zero).Normalize();

        Assert.True(point.IsValid());
        Assert.False(point.IsInfinity);
    }

    [Fact]
    public void HashToCurve_EmptyDomainSeparationTag_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => HashToCurveP256.HashToCurve("abc"u8, []));
    }

    private static string Hex(BigInteger value) => value.ToString(16).PadLeft(64, '0');
}
