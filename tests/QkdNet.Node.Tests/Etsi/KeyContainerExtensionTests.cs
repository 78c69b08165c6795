using System.Text.Json;
using Microsoft.AspNetCore.Http;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Etsi;

namespace QkdNet.Node.Tests.Etsi;

public sealed class KeyContainerExtensionTests
{
    private static readonly RelayPath ViaB = new([KmeId.Create("A"), KmeId.Create("B"), KmeId.Create("C")], [LinkId.Create("AB"), LinkId.Create("BC")], 2);
    private static readonly RelayPath ViaD = new([KmeId.Create("A"), KmeId.Create("D"), KmeId.Create("E"), KmeId.Create("C")], [LinkId.Create("AD"), LinkId.Create("DE"), LinkId.Create("EC")], 3);

    [Fact]
    public async Task RelayedKeys_ContainerCarriesRouteHopsAndLinkKeyCost()
    {
        var key = KeyId.New();
        var keys = new RelayedKeys([new DeliveredKey(key, KeyMaterial.CopyOf(new byte[32]))], [new RelayedKeyRoute(key, [ViaB], 384)]);

        JsonElement container = await WriteAsync(new KeyContainerResult(keys));

        JsonElement relay = container.GetProperty("key_container_extension").GetProperty("qkdnet_relay");
        Assert.Equal(768, relay.GetProperty("link_key_bits").GetInt64());
        JsonElement entry = relay.GetProperty("keys")[0];
        Assert.Equal(key.ToString(), entry.GetProperty("key_ID").GetString());
        Assert.Equal(container.GetProperty("keys")[0].GetProperty("key_ID").GetString(), entry.GetProperty("key_ID").GetString());
        JsonElement path = Assert.Single(entry.GetProperty("paths").EnumerateArray());
        Assert.Equal(["A", "B", "C"], path.GetProperty("route").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["AB", "BC"], path.GetProperty("links").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, path.GetProperty("hops").GetInt32());
        Assert.Equal(384, path.GetProperty("pad_bits_per_hop").GetInt32());
        Assert.Equal(768, path.GetProperty("link_key_bits").GetInt64());
    }

    [Fact]
    public void Multipath_ReportsEveryPath_AndTheSumOfTheirCosts()
    {
        KeyId first = KeyId.New(), second = KeyId.New();
        var keys = new RelayedKeys(
            [new DeliveredKey(first, KeyMaterial.CopyOf(new byte[16])), new DeliveredKey(second, KeyMaterial.CopyOf(new byte[16]))],
            [new RelayedKeyRoute(first, [ViaB, ViaD], 256), new RelayedKeyRoute(second, [ViaB, ViaD], 256)]);

        EtsiRelayReport report = EtsiKeyContainerExtension.From(keys).Relay;

        Assert.Equal(2 * 5 * 256, report.LinkKeyBits);
        Assert.Equal([2, 3], report.Keys[0].Paths.Select(p => p.Hops));
        Assert.Equal(5 * 256, report.Keys[1].LinkKeyBits);
        foreach (DeliveredKey k in keys)
        {
            k.Material.Dispose();
        }
    }

    [Fact]
    public async Task KeysFromANeighbour_HaveNoExtension()
    {
        JsonElement container = await WriteAsync(new KeyContainerResult([new DeliveredKey(KeyId.New(), KeyMaterial.CopyOf(new byte[32]))]));

        Assert.False(container.TryGetProperty("key_container_extension", out _));
    }

    private static async Task<JsonElement> WriteAsync(KeyContainerResult result)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return JsonDocument.Parse(body.ToArray()).RootElement.Clone();
    }
}
