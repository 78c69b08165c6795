using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.Node.Links;
using QkdNet.Services.KeyDelivery;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Node.Tests.Links;

/// <summary>The receiving end of a device link (<see cref="DeviceLinks.ReceiveAsync"/>) against an in-memory device and the real store.</summary>
public sealed class DeviceLinksTests : IAsyncLifetime
{
    private static readonly KmeId SelfKme = KmeId.Create("kme-b");
    private static readonly KmeId PeerKme = KmeId.Create("kme-a");
    private static readonly LinkId Link = LinkId.Create("link-ab");
    private static readonly PoolId Pool = LinkPools.PoolOf(Link, PeerKme);
    private static readonly PoolOptions Sizing = new(256, 1024, 1L << 20, 1L << 22);

    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-device-links-").FullName;
    private readonly FakeKeyDelivery _device = new(maxKeyPerRequest: 64);
    private SqliteKeyStore _store = null!;
    private DeviceLinks _links = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_folder, "b.db"), DefaultPool = Sizing }, TimeProvider.System);
        Assert.True((await _store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        DeviceSourceSettings device = Etsi014QkdModuleTests.Settings();
        var link = new LinkSettings(Link, PeerKme, new LinkSourceSettings(LinkSourceKind.Etsi014, string.Empty, 0, 0, device.BlockBits) { Device = device });
        var settings = new NodeSettings(
            SelfKme, new IPEndPoint(IPAddress.Loopback, 0), Microsoft.Extensions.Logging.LogLevel.Warning,
            new StoreSettings(Path.Combine(_folder, "b.db"), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), 128, 8192, 8, Sizing),
            new TlsSettings("b.crt", "b.key", "ca.crt"), new UnsealSettings(null, null, false, SealSetup.MinPbkdf2Iterations, 0, 0, null),
            [], [], [new PeerSettings(PeerKme, new Uri("https://127.0.0.1:1/"), null, [])], [link]);
        _links = new DeviceLinks(settings, _ => _device, TimeProvider.System, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        _links.Dispose();
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Announcement_IsFetchedFromTheDeviceAndStored_AndARepeatIsAnsweredWithoutAskingAgain()
    {
        IReadOnlyList<KeyId> ids = await MasterBatchAsync();

        KxBlockOutcome first = await _links.ReceiveAsync(Link, Pool, DeviceLinks.BlockOf(ids), ids, 256, _store, CancellationToken.None);
        KxBlockOutcome repeated = await _links.ReceiveAsync(Link, Pool, DeviceLinks.BlockOf(ids), ids, 256, _store, CancellationToken.None);

        Assert.Equal(KxBlockOutcome.Stored, first);
        Assert.Equal(KxBlockOutcome.Stored, repeated);
        Assert.Equal(1, _device.DecKeysCalls);
        Assert.Equal(ids.Count * 256L, _store.GetPoolStatus(Pool).Value.AvailableBits);
        Assert.All(_device.HandedOut, bytes => Assert.All(bytes, b => Assert.Equal(0, b)));
    }

    [Fact]
    public async Task DeviceUnavailable_IsUnreachableAndStoresNothing_ThenTheRepeatIsStored()
    {
        IReadOnlyList<KeyId> ids = await MasterBatchAsync();
        _device.FailNext(new KeyDeliveryError(KeyDeliveryErrorKind.Unavailable, 503, "busy"));

        KxBlockOutcome first = await _links.ReceiveAsync(Link, Pool, DeviceLinks.BlockOf(ids), ids, 256, _store, CancellationToken.None);
        long afterFirst = _store.GetPoolStatus(Pool).Value.AvailableBits;
        KxBlockOutcome second = await _links.ReceiveAsync(Link, Pool, DeviceLinks.BlockOf(ids), ids, 256, _store, CancellationToken.None);

        Assert.Equal(KxBlockOutcome.Unreachable, first);
        Assert.Equal(0, afterFirst);
        Assert.Equal(KxBlockOutcome.Stored, second);
        Assert.Equal(2, _device.DecKeysCalls);
    }

    [Fact]
    public async Task DeviceRefusesTheKeyIds_IsRefusedAndStoresNothing()
    {
        IReadOnlyList<KeyId> ids = await MasterBatchAsync();
        _device.FailNext(new KeyDeliveryError(KeyDeliveryErrorKind.BadRequest, 400, "key ID unknown"));

        KxBlockOutcome outcome = await _links.ReceiveAsync(Link, Pool, DeviceLinks.BlockOf(ids), ids, 256, _store, CancellationToken.None);

        Assert.Equal(KxBlockOutcome.Refused, outcome);
        Assert.Equal(0, _store.GetPoolStatus(Pool).Value.AvailableBits);
    }

    [Fact]
    public async Task BlockNotNamedAfterTheFirstKeyId_IsRefusedWithoutAskingTheDevice()
    {
        IReadOnlyList<KeyId> ids = await MasterBatchAsync();

        KxBlockOutcome outcome = await _links.ReceiveAsync(Link, Pool, DeviceLinks.BlockOf([ids[1]]), ids, 256, _store, CancellationToken.None);

        Assert.Equal(KxBlockOutcome.Refused, outcome);
        Assert.Equal(0, _device.DecKeysCalls);
    }

    [Fact]
    public async Task SealedStore_IsUnreachableWithoutAskingTheDevice()
    {
        IReadOnlyList<KeyId> ids = await MasterBatchAsync();
        await _store.SealAsync();

        KxBlockOutcome outcome = await _links.ReceiveAsync(Link, Pool, DeviceLinks.BlockOf(ids), ids, 256, _store, CancellationToken.None);

        Assert.Equal(KxBlockOutcome.Unreachable, outcome);
        Assert.Equal(0, _device.DecKeysCalls);
    }

    /// <summary>What the master's device handed out for one batch (the master's copies disposed: only the IDs travel).</summary>
    private async Task<IReadOnlyList<KeyId>> MasterBatchAsync()
    {
        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await _device.GetKeysAsync(SaeId.Create("node-b"), 4, 256);
        foreach (DeliveredKey key in keys.Value)
        {
            key.Material.Dispose();
        }

        return [.. keys.Value.Select(k => k.Id)];
    }
}
