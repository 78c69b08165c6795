using QkdNet.Node.Cloud;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Cloud;

public sealed class CloudConfigLoaderTests
{
    private static string Deploy => Path.Combine(Repository.Root, "deploy");

    [Fact]
    public void DeployExamples_Parse()
    {
        Result<ShareServerSettings> server = ShareServerConfigLoader.Load(Path.Combine(Deploy, "share-server.json"));
        Assert.True(server.IsSuccess, server.Error);
        Assert.Equal("s1", server.Value.Name);
        Assert.Equal(4, server.Value.Policy.RolesOf("alice").Count + server.Value.Policy.RolesOf("bob").Count + server.Value.Policy.RolesOf("carol").Count + server.Value.Policy.RolesOf("ops").Count);

        Result<CloudClientSettings> client = CloudClientConfigLoader.Load(Path.Combine(Deploy, "cloud-client.json"));
        Assert.True(client.IsSuccess, client.Error);
        Assert.Equal(5, client.Value.Servers.Count);
    }

    [Theory]
    [InlineData("""{"name": "s1", "listen": "127.0.0.1:1", "typo": 1}""", "unknown field 'typo'")]
    [InlineData("""{"name": "", "listen": "127.0.0.1:1"}""", "$.name")]
    [InlineData("""{"name": "s1", "listen": "nowhere"}""", "$.listen")]
    [InlineData("""{"name": "s1", "listen": "127.0.0.1:1"}""", "$.tls")]
    [InlineData("""{"name": "s1", "listen": "127.0.0.1:1", "tls": {"certificate": "a", "key": "b", "ca": "c"}, "kme": {"url": "http://x", "kme_id": "B"}}""", "$.kme")]
    [InlineData("""{"name": "s1", "listen": "127.0.0.1:1", "tls": {"certificate": "a", "key": "b", "ca": "c"}, "kme": {"url": "https://x", "kme_id": "B"}}""", "$.policy")]
    [InlineData("""{"name": "s1", "listen": "127.0.0.1:1", "tls": {"certificate": "a", "key": "b", "ca": "c"}, "kme": {"url": "https://x", "kme_id": "B"}, "policy": "share-policy.json", "max_share_bytes": 0}""", "$.max_share_bytes")]
    [InlineData("""{"name": "s1", "listen": "127.0.0.1:1", "tls": {"certificate": "a", "key": "b", "ca": "c"}, "kme": {"url": "https://x", "kme_id": "B"}, "store": {"max_bytes": 1000}, "policy": "share-policy.json"}""", "$.store.max_bytes")]
    public void ShareServer_BadField_IsNamed(string json, string expected)
    {
        Result<ShareServerSettings> parsed = ShareServerConfigLoader.Parse(json, Deploy);
        Assert.False(parsed.IsSuccess);
        Assert.Contains(expected, parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"owner": "alice"}""", "certificate, key and ca")]
    [InlineData("""{"owner": "alice", "certificate": "a", "key": "b", "ca": "c", "kme": {"url": "https://x", "kme_id": "A"}, "servers": []}""", "$.servers")]
    [InlineData("""{"owner": "alice", "certificate": "a", "key": "b", "ca": "c", "kme": {"url": "https://x", "kme_id": "A"}, "servers": [{"name": "s1", "url": "https://a"}, {"name": "s1", "url": "https://b"}]}""", "listed twice")]
    [InlineData("""{"owner": "alice", "certificate": "a", "key": "b", "ca": "c", "kme": {"url": "https://x", "kme_id": "A"}, "servers": [{"name": "s1", "url": "https://a"}], "rekey_bytes": 5}""", "rekey_bytes")]
    public void Client_BadField_IsNamed(string json, string expected)
    {
        Result<CloudClientSettings> parsed = CloudClientConfigLoader.Parse(json, Deploy);
        Assert.False(parsed.IsSuccess);
        Assert.Contains(expected, parsed.Error, StringComparison.Ordinal);
    }
}
