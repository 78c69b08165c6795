using QkdNet.Services.Cloud.Client;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Tests.Services.Cloud.Client;

public sealed class CloudClientParameterTests
{
    // no server and no KME: these must be refused before any key is fetched or anything is sent
    private static CloudClient Client() => new(new QkdKeySource(null!), [], ObjectMap.Empty(), new ShareProtectionSettings(), TimeProvider.System);

    [Theory]
    [InlineData(4, 3, "exceeds")]
    [InlineData(1, 3, "at least 2")]
    [InlineData(3, 256, "at most 255")]
    [InlineData(3, 5, "need 5 servers")]
    public async Task Put_BadThresholdOrShareCount_FailsNamingIt_AndStoresNothing(int k, int n, string expected)
    {
        CloudClient client = Client();
        Result<PutReport> put = await client.PutAsync("f", new byte[10], k, n);
        Assert.False(put.IsSuccess);
        Assert.Contains(expected, put.Error, StringComparison.Ordinal);
        Assert.Empty(client.Map.Objects);
    }

    [Fact]
    public async Task GetRefreshDelete_UnknownObject_FailNamingIt()
    {
        CloudClient client = Client();
        Assert.Contains("no object abc", (await client.GetAsync("abc")).Error, StringComparison.Ordinal);
        Assert.Contains("no object abc", (await client.RefreshAsync("abc")).Error, StringComparison.Ordinal);
        Assert.Contains("no object abc", (await client.DeleteAsync("abc")).Error, StringComparison.Ordinal);
    }
}
