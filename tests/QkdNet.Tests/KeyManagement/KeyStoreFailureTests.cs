using QkdNet.KeyManagement;

namespace QkdNet.Tests.KeyManagement;

public sealed class KeyStoreFailureTests
{
    [Fact]
    public void ToString_NamesTheKindAndTheDetail()
    {
        var failure = new KeyStoreFailure(KeyStoreError.PoolFull, "Link a's pool cannot take 8 more bits.");

        Assert.Equal("PoolFull: Link a's pool cannot take 8 more bits.", failure.ToString());
    }

    [Fact]
    public void Create_UndefinedKind_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyStoreFailure(0, "no kind"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyStoreFailure((KeyStoreError)999, "no kind"));
    }

    [Fact]
    public void Equality_ComparesKindAndDetail()
    {
        Assert.Equal(new KeyStoreFailure(KeyStoreError.Sealed, "sealed"), new KeyStoreFailure(KeyStoreError.Sealed, "sealed"));
        Assert.NotEqual(new KeyStoreFailure(KeyStoreError.Sealed, "sealed"), new KeyStoreFailure(KeyStoreError.NotInitialized, "sealed"));
    }

    [Fact]
    public void Result_FailureConvertsImplicitly_AndCarriesTheFailure()
    {
        Result<int, KeyStoreFailure> result = new KeyStoreFailure(KeyStoreError.UnknownKey, "Key k is unknown.");

        Assert.False(result.TryGetValue(out _));
        Assert.Equal(KeyStoreError.UnknownKey, result.Error?.Code);
    }
}
