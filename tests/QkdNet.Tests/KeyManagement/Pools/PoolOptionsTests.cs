using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.Tests.KeyManagement.Pools;

public sealed class PoolOptionsTests
{
    private static readonly PoolOptions Options = new(256, 1024, 4096, 8192);

    [Theory]
    [InlineData(0, PoolState.Empty)]
    [InlineData(255, PoolState.Empty)]
    [InlineData(256, PoolState.Warning)]
    [InlineData(1023, PoolState.Warning)]
    [InlineData(1024, PoolState.Charging)]
    [InlineData(4095, PoolState.Charging)]
    [InlineData(4096, PoolState.Ready)]
    [InlineData(8192, PoolState.Ready)]
    public void StateFor_FollowsWatermarks(long availableBits, PoolState expected) =>
        Assert.Equal(expected, Options.StateFor(availableBits));

    [Fact]
    public void Status_ReportsEtsiCounts()
    {
        var status = new PoolStatus(LinkId.Create("L1"), 1000, Options);
        Assert.Equal(3, status.StoredKeyCount);
        Assert.Equal(32, status.MaxKeyCount);
        Assert.Equal(256, status.KeySizeBits);
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(12, 24, 48, 96)]
    [InlineData(256, 128, 4096, 8192)]
    [InlineData(256, 1024, 512, 8192)]
    [InlineData(256, 1024, 4096, 2048)]
    public void Validate_Inconsistent_Throws(int keySize, long low, long high, long capacity) =>
        Assert.Throws<ArgumentException>(() => new PoolOptions(keySize, low, high, capacity).Validate());
}
