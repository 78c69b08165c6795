using QkdNet.KeyManagement;

namespace QkdNet.Tests.KeyManagement;

public sealed class KeyMaterialTests
{
    [Fact]
    public void ToString_ShowsLengthOnly()
    {
        using var key = KeyMaterial.CopyOf([0xAB, 0xCD, 0xEF, 0x12]);
        Assert.Equal("KeyMaterial(4 bytes)", key.ToString());
        Assert.Equal(32, key.LengthBits);
    }

    [Fact]
    public void Dispose_ZeroesAndBlocksAccess()
    {
        var key = KeyMaterial.CopyOf([1, 2, 3]);
        Assert.True(key.FixedTimeEquals([1, 2, 3]));
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Span.ToArray());
    }

    [Fact]
    public void ReleaseOwnership_HandsOverTheBytesWithoutACopy_AndDisposeNoLongerZeroesThem()
    {
        byte[] bytes = [1, 2, 3];
        var key = KeyMaterial.TakeOwnership(bytes);

        byte[] released = key.ReleaseOwnership();
        key.Dispose();

        Assert.Same(bytes, released);
        Assert.Equal([1, 2, 3], released);
        Assert.Throws<ObjectDisposedException>(() => key.Span.ToArray());
        Assert.Throws<ObjectDisposedException>(() => key.ReleaseOwnership());
    }
}
