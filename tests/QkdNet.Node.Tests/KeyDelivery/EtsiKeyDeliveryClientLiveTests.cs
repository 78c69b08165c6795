using QkdNet.KeyManagement;
using QkdNet.Node.Etsi;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Tests.KeyDelivery;

/// <summary>The SAE client library against the in-process KME pair (real Kestrel, mutual TLS on loopback).</summary>
[Collection(InProcessNetworkCollection.Name)]
public sealed class EtsiKeyDeliveryClientLiveTests(InProcessNetwork network)
{
    private static readonly SaeId MasterSae = SaeId.Create("sae-a1");
    private static readonly SaeId SlaveSae = SaeId.Create("sae-b1");

    private DevelopmentNetwork Net => network.Network;

    [Fact]
    public async Task GetStatus_LiveKme_ReturnsTheTypedStatus()
    {
        using EtsiKeyDeliveryClient master = Client(Net.UrlA, "sae-a1", "A");

        Result<KmeStatus, KeyDeliveryError> status = await master.GetStatusAsync(SlaveSae);

        Assert.True(status.IsSuccess, status.Error?.Message);
        Assert.Equal("A", status.Value.SourceKmeId);
        Assert.Equal("B", status.Value.TargetKmeId);
        Assert.True(status.Value.MaxKeyPerRequest >= 1);
    }

    [Fact]
    public async Task GetKeys_SizeNotMultipleOf8_ReturnsBadRequestWithTheSpecMessage()
    {
        using EtsiKeyDeliveryClient master = Client(Net.UrlA, "sae-a1", "A");

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await master.GetKeysAsync(SlaveSae, 1, 250);

        Assert.Equal(KeyDeliveryErrorKind.BadRequest, keys.Error!.Kind);
        Assert.Equal(400, keys.Error.StatusCode);
        Assert.Equal(EtsiMessages.SizeNotMultipleOf8, keys.Error.Message);
    }

    [Fact]
    public async Task GetKeys_CertificateOfNoConfiguredSae_ReturnsUnauthorized()
    {
        using EtsiKeyDeliveryClient stranger = Client(Net.UrlA, DevelopmentNetwork.Stranger, "A");

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await stranger.GetKeysAsync(SlaveSae, 1, 256);

        Assert.Equal(KeyDeliveryErrorKind.Unauthorized, keys.Error!.Kind);
        Assert.Equal(EtsiMessages.Unauthorized, keys.Error.Message);
    }

    [Fact]
    public async Task GetKeysWithIds_KeyIdNeverIssued_ReturnsBadRequestWithTheSpecMessage()
    {
        using EtsiKeyDeliveryClient slave = Client(Net.UrlB, "sae-b1", "B");

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await slave.GetKeysWithIdsAsync(MasterSae, [KeyId.New()]);

        Assert.Equal(KeyDeliveryErrorKind.BadRequest, keys.Error!.Kind);
        Assert.Equal(EtsiMessages.KeyNotFound, keys.Error.Message);
    }

    [Fact]
    public async Task AnotherKmeOfTheSameCa_IsRefusedInTheHandshake_AsATransportError()
    {
        // B's certificate chains to the same CA and names 127.0.0.1 too; only its name tells it is not A
        using EtsiKeyDeliveryClient meantForA = Client(Net.UrlB, "sae-a1", "A");

        Result<KmeStatus, KeyDeliveryError> status = await meantForA.GetStatusAsync(SlaveSae);

        Assert.Equal(KeyDeliveryErrorKind.Transport, status.Error!.Kind);
        Assert.Contains("certificate", status.Error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ServerPinOfAnotherCertificate_IsRefusedInTheHandshake()
    {
        KmeConnection pinned = EtsiClients.Connection(Net.UrlA, Net.Pki, "sae-a1", "A") with { KmeSha256 = new string('A', 64) };
        using EtsiKeyDeliveryClient client = EtsiKeyDeliveryClient.Create(pinned, KeyDeliveryRetryPolicy.None);

        Result<KmeStatus, KeyDeliveryError> status = await client.GetStatusAsync(SlaveSae);

        Assert.Equal(KeyDeliveryErrorKind.Transport, status.Error!.Kind);
    }

    [Fact]
    public async Task MasterGetsKeys_SlaveGetsTheSameBytesById()
    {
        using EtsiKeyDeliveryClient master = Client(Net.UrlA, "sae-a1", "A");
        using EtsiKeyDeliveryClient slave = Client(Net.UrlB, "sae-b1", "B");

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> sent = await master.GetKeysAsync(SlaveSae, 3, 256);
        Assert.True(sent.IsSuccess, sent.Error?.Message);
        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> received = await slave.GetKeysWithIdsAsync(MasterSae, [.. sent.Value.Select(k => k.Id)]);
        Assert.True(received.IsSuccess, received.Error?.Message);

        foreach (DeliveredKey key in sent.Value)
        {
            DeliveredKey twin = Assert.Single(received.Value, k => k.Id == key.Id);
            Assert.Equal(256, key.Material.LengthBits);
            Assert.True(twin.Material.FixedTimeEquals(key.Material.Span));
            key.Material.Dispose();
            twin.Material.Dispose();
        }
    }

    [Fact]
    public async Task KeyBuffers_MasterAnnouncesEachBatch_SlaveFetchesItInTheBackground_AndTakesTheSameBytes()
    {
        using EtsiKeyDeliveryClient masterClient = Client(Net.UrlA, "sae-a1", "A");
        using EtsiKeyDeliveryClient slaveClient = Client(Net.UrlB, "sae-b1", "B");
        var options = new KeyBufferOptions { MinKeys = 20, MaxKeys = 100, PollInterval = TimeSpan.FromMilliseconds(10) };
        await using var master = new KeyBuffer(masterClient, SlaveSae, options);
        await using var slave = new SlaveKeyBuffer(slaveClient, MasterSae, options);
        master.BatchAnnounced += slave.Announce;
        slave.Start();

        Assert.Null(await master.RefillAsync());
        var taken = new List<DeliveredKey>();
        while (master.TryTake(out DeliveredKey? key))
        {
            taken.Add(key);
        }

        // the slave's background fetch catches up; bounded, and no assertion on how long it took
        for (int i = 0; i < 1000 && slave.Count < taken.Count; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(20, taken.Count);
        foreach (DeliveredKey key in taken)
        {
            Assert.True(slave.TryTake(key.Id, out DeliveredKey? twin));
            Assert.True(twin.Material.FixedTimeEquals(key.Material.Span));
            key.Material.Dispose();
            twin.Material.Dispose();
        }
    }

    private EtsiKeyDeliveryClient Client(Uri url, string sae, string kme) =>
        EtsiKeyDeliveryClient.Create(EtsiClients.Connection(url, Net.Pki, sae, kme), KeyDeliveryRetryPolicy.None);
}
