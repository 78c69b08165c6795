using QkdNet.KeyManagement;
using QkdNet.Services.Trading.Session;

namespace QkdNet.Tests.Services.Trading.Session;

public sealed class KeyIdFrameTests
{
    [Fact]
    public void WriteThenRead_GivesTheSameIdsInOrder()
    {
        KeyId[] ids = [KeyId.New(), KeyId.New(), KeyId.New()];

        byte[] frame = KeyIdFrame.Write(TradeFrameKind.Announce, ids);

        Assert.Equal((byte)TradeFrameKind.Announce, frame[0]);
        Assert.True(KeyIdFrame.TryRead(frame, out KeyId[] read));
        Assert.Equal(ids, read);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(20)]
    public void TryRead_LengthDisagreeingWithCount_IsRefused(int cut)
    {
        byte[] frame = KeyIdFrame.Write(TradeFrameKind.Ready, [KeyId.New(), KeyId.New()]);

        Assert.False(KeyIdFrame.TryRead(frame.AsSpan(0, frame.Length - 1 - cut), out _));
    }

    [Fact]
    public void TryRead_ZeroCount_IsRefused()
    {
        Assert.False(KeyIdFrame.TryRead([(byte)TradeFrameKind.Ready, 0, 0], out _));
    }
}
