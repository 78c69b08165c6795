using QkdNet.PostProcessing.Authentication;

namespace QkdNet.Tests.PostProcessing.Authentication;

public sealed class MessageAuthenticatorTests
{
    private const ulong Key = 0x0123_4567_89AB_CDEF;
    private const ulong Pad = 0xFEDC_BA98_7654_3210;

    [Fact]
    public void ComputeTag_SameInputs_IsDeterministic()
    {
        byte[] m = [1, 2, 3, 4, 5];
        Assert.Equal(
            MessageAuthenticator.ComputeTag(Key, Pad, m, 7, AuthenticationRole.Alice),
            MessageAuthenticator.ComputeTag(Key, Pad, m, 7, AuthenticationRole.Alice));
    }

    [Fact]
    public void ComputeTag_DiffersWithSequenceDirectionAndTrailingZeroByte()
    {
        byte[] m = [1, 2, 3, 4, 5];
        ulong tag = MessageAuthenticator.ComputeTag(Key, Pad, m, 7, AuthenticationRole.Alice);
        Assert.NotEqual(tag, MessageAuthenticator.ComputeTag(Key, Pad, m, 8, AuthenticationRole.Alice));
        Assert.NotEqual(tag, MessageAuthenticator.ComputeTag(Key, Pad, m, 7, AuthenticationRole.Bob));
        Assert.NotEqual(tag, MessageAuthenticator.ComputeTag(Key, Pad, [1, 2, 3, 4, 5, 0], 7, AuthenticationRole.Alice));
    }

    [Fact]
    public void ComputeTag_IsHashXorPad()
    {
        byte[] m = new byte[100];
        new Random(1).NextBytes(m);
        ulong withPad = MessageAuthenticator.ComputeTag(Key, Pad, m, 3, AuthenticationRole.Bob);
        ulong withoutPad = MessageAuthenticator.ComputeTag(Key, 0, m, 3, AuthenticationRole.Bob);
        Assert.Equal(Pad, withPad ^ withoutPad);
    }

    [Fact]
    public void ForgeryProbabilityBound_IsWordsPlusTwoOver2To64()
    {
        Assert.Equal(5 / Math.Pow(2, 64), MessageAuthenticator.ForgeryProbabilityBound(17));
    }
}
