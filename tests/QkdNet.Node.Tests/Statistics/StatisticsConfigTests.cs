using QkdNet.Node.Statistics;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Statistics;

public sealed class StatisticsConfigTests
{
    private static string Deploy => Path.Combine(Repository.Root, "deploy");

    [Fact]
    public void TheDeployExamples_Load_AsTheFirstOfThreeServersWithQkdPairwiseKeys()
    {
        Result<StatisticsServerSettings> server = StatisticsServerConfigLoader.Load(Path.Combine(Deploy, "stats-server.json"));
        Result<StatisticsClientSettings> client = StatisticsClientSettings.Load(Path.Combine(Deploy, "stats-client.json"));

        Assert.True(server.IsSuccess, server.Error);
        Assert.Equal(0, server.Value.Self);
        Assert.Equal(3, server.Value.Servers.Count);
        Assert.False(server.Value.DevelopmentPairwiseKeys);
        Assert.Equal(5, server.Value.MinimumGroupSize);
        Assert.True(client.IsSuccess, client.Error);
        Assert.Equal(["s1", "s2", "s3"], client.Value.Servers.Select(s => s.Name));
    }

    [Theory]
    [InlineData("\"threshold\": 1", "\"threshold\": 2", "$.threshold: from 1 to 1 for 3 servers")]
    [InlineData("\"pairwise_keys\": \"qkd\"", "\"pairwise_keys\": \"random\"", "$.pairwise_keys")]
    [InlineData("\"minimum_group_size\": 5", "\"minimum_group_size\": 1", "$.minimum_group_size: at least 2")]
    [InlineData("\"name\": \"s1\",                          //", "\"name\": \"s9\",                          //", "$.servers: at least 3 servers in party order, this one among them")]
    [InlineData("\"kme\": { \"url\": \"https://127.0.0.1:8442/\", \"kme_id\": \"B\" },", "", "$.kme: required with pairwise_keys \"qkd\"")]
    public void ABadServerConfiguration_IsOneErrorNamingTheField(string from, string to, string expected)
    {
        string json = File.ReadAllText(Path.Combine(Deploy, "stats-server.json"));
        Assert.Contains(from, json, StringComparison.Ordinal);

        Result<StatisticsServerSettings> loaded = StatisticsServerConfigLoader.Parse(json.Replace(from, to, StringComparison.Ordinal), Deploy);

        Assert.False(loaded.IsSuccess);
        Assert.Contains(expected, loaded.Error, StringComparison.Ordinal);
    }
}
