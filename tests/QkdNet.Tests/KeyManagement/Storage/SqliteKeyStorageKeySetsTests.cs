using QkdNet.KeyManagement.Storage;

namespace QkdNet.Tests.KeyManagement.Storage;

public sealed class SqliteKeyStorageKeySetsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(1024)]
    public void KeyGroups_CoverEveryItemOnce_InPowerOfTwoGroupsOfAtMost64(int count)
    {
        var groups = SqliteKeyStorage.KeyGroups(count).ToList();

        Assert.Equal(Enumerable.Range(0, count), groups.SelectMany(g => Enumerable.Range(g.Start, g.Length)));
        Assert.All(groups, g => Assert.Equal(1 << g.Shape, g.Length));
        Assert.All(groups, g => Assert.InRange(g.Length, 1, 64));
    }

    [Fact]
    public void KeyGroups_SixteenKeys_IsOneStatement() =>
        Assert.Equal([(0, 16, 4)], SqliteKeyStorage.KeyGroups(16));
}
