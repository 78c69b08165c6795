using System.Net.Http.Json;
using System.Text.Json;

namespace QkdNet.Node.Tests.Network;

/// <summary>Four real node processes in a ring A - B - C - D - A, relaying with two XOR shares over node-disjoint paths.</summary>
[Trait("Category", "Process")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class MultipathRelayProcessTests : IDisposable
{
    private readonly RelayNetworkFixture _net = new(
        [("AB", "A", "B"), ("BC", "B", "C"), ("CD", "C", "D"), ("DA", "D", "A")],
        new Dictionary<string, IReadOnlyList<string>> { ["A"] = ["sae-a1"], ["B"] = [], ["C"] = ["sae-c1"], ["D"] = [] },
        paths: 2);

    [Fact]
    public async Task TwoShareRelay_TakesBothDisjointPaths_AndCRecombinesTheSameKey()
    {
        JsonElement enc = await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1");
        JsonElement key = enc.GetProperty("keys")[0];
        using HttpClient slave = _net.Client("C", "sae-c1");
        JsonElement dec = await slave.GetFromJsonAsync<JsonElement>($"api/v1/keys/sae-a1/dec_keys?key_ID={key.GetProperty("key_ID").GetString()}");
        Assert.Equal(key.GetProperty("key").GetString(), dec.GetProperty("keys")[0].GetProperty("key").GetString());

        JsonElement paths = enc.GetProperty("key_container_extension").GetProperty("qkdnet_relay").GetProperty("keys")[0].GetProperty("paths");
        Assert.Equal(["A>B>C", "A>D>C"], paths.EnumerateArray().Select(p => string.Join('>', p.GetProperty("route").EnumerateArray().Select(n => n.GetString()))).Order(StringComparer.Ordinal));

        string origin = _net["A"].Output;
        Assert.Contains("A -[AB]-> B -[BC]-> C", origin, StringComparison.Ordinal);
        Assert.Contains("A -[DA]-> D -[CD]-> C", origin, StringComparison.Ordinal);
        Assert.Contains("Stored relayed key " + key.GetProperty("key_ID").GetString(), _net["C"].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnePathDown_EncKeysAnswers503_AndTheDestinationZeroesTheLoneShareAfterTheTimeout()
    {
        await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-c1");
        _net["B"].KillHard();
        using HttpClient master = _net.Client("A", "sae-a1");
        using HttpResponseMessage response = await master.GetAsync("api/v1/keys/sae-c1/enc_keys");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);

        // the share that went through D waits at C for its partner, then is abandoned (relay timeout 5 s)
        for (int i = 0; i < 100 && !_net["C"].Output.Contains("AUDIT relay refused: Expired", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains("AUDIT relay refused: Expired", _net["C"].Output, StringComparison.Ordinal);
        Assert.Equal(1, _net["C"].Output.Split("Stored relayed key").Length - 1);
    }

    public void Dispose() => _net.Dispose();
}
