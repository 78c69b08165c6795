using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.Node.Links;
using QkdNet.Node.Tests.Support;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Node.Tests.Links;

/// <summary>
/// <see cref="LinkFeeder"/> on a device link (<c>etsi014</c>), both nodes in this process: the master's feeder takes
/// batches from its device and announces them through a Kx stand-in that hands each announcement to the other node's
/// <see cref="DeviceLinks.ReceiveAsync"/>, on production nodes (not marked development).
/// </summary>
public sealed class DeviceLinkFeederTests : IAsyncLifetime
{
    private static readonly KmeId KmeA = KmeId.Create("kme-a");
    private static readonly KmeId KmeB = KmeId.Create("kme-b");
    private static readonly LinkId Link = LinkId.Create("link-ab");
    private static readonly PoolOptions Sizing = new(256, 2048, 8192, 1L << 20);

    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-device-feeder-").FullName;
    private readonly FakeKeyDelivery _device = new(maxKeyPerRequest: 64);
    private SqliteKeyStore _storeA = null!;
    private SqliteKeyStore _storeB = null!;

    public async Task InitializeAsync()
    {
        _storeA = await OpenAsync("a.db");
        _storeB = await OpenAsync("b.db");
    }

    public async Task DisposeAsync()
    {
        await _storeA.DisposeAsync();
        await _storeB.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task MasterFeeder_FillsBothPoolsAtBothNodes_ThenStopsAskingTheDevice()
    {
        NodeSettings a = Settings(KmeA, KmeB), b = Settings(KmeB, KmeA);
        using var devicesA = new DeviceLinks(a, _ => _device, TimeProvider.System, NullLogger.Instance);
        using var devicesB = new DeviceLinks(b, _ => _device, TimeProvider.System, NullLogger.Instance);
        var kx = new ForwardingKx(devicesB, _storeB);
        var time = new ManualTimeProvider();
        var log = new WarningLog();
        using var feeder = new LinkFeeder(a.Links[0], new NodeTopology(a), _storeA, kx, time, log, devices: devicesA);

        await feeder.StartAsync(CancellationToken.None);
        try
        {
            for (int i = 0; i < 3000 && !Full(_storeA); i++)
            {
                await Task.Delay(5);
            }

            // full: the feeder now idles on its clock; a minute of it asks the device for nothing more
            int calls = _device.EncKeysCalls;
            for (int i = 0; i < 300; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(200));
            }

            Assert.True(Full(_storeA), "the device link did not fill the pools");
            Assert.Empty(log.Warnings); // idling past the probe interval is no failure of the source
            Assert.Equal(calls, _device.EncKeysCalls);
            Assert.Equal(calls, kx.Announced);
            foreach (KmeId owner in new[] { KmeA, KmeB })
            {
                PoolId pool = LinkPools.PoolOf(Link, owner);
                Assert.Equal(_storeA.GetPoolStatus(pool).Value.AvailableBits, _storeB.GetPoolStatus(pool).Value.AvailableBits);
            }
        }
        finally
        {
            await feeder.StopAsync(CancellationToken.None);
        }

        Assert.All(_device.HandedOut, bytes => Assert.All(bytes, x => Assert.Equal(0, x)));
    }

    private static bool Full(SqliteKeyStore store) =>
        new[] { KmeA, KmeB }.All(owner => store.GetPoolStatus(LinkPools.PoolOf(Link, owner)).Value.AvailableBits >= Sizing.HighWatermarkBits);

    private NodeSettings Settings(KmeId self, KmeId peer)
    {
        DeviceSourceSettings device = Etsi014QkdModuleTests.Settings();
        var link = new LinkSettings(Link, peer, new LinkSourceSettings(LinkSourceKind.Etsi014, string.Empty, 0, 0, device.BlockBits) { Device = device });
        return new NodeSettings(
            self, new IPEndPoint(IPAddress.Loopback, 0), Microsoft.Extensions.Logging.LogLevel.Warning,
            new StoreSettings(Path.Combine(_folder, self.Value + ".db"), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), 128, 8192, 8, Sizing),
            new TlsSettings("x.crt", "x.key", "ca.crt"), new UnsealSettings(null, null, false, SealSetup.MinPbkdf2Iterations, 0, 0, null),
            [], [], [new PeerSettings(peer, new Uri("https://127.0.0.1:1/"), null, [])], [link]);
    }

    private async Task<SqliteKeyStore> OpenAsync(string name)
    {
        SqliteKeyStore store = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_folder, name), DefaultPool = Sizing }, TimeProvider.System);
        Assert.True((await store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        return store;
    }

    /// <summary>Keeps every line logged at warning or above.</summary>
    private sealed class WarningLog : Microsoft.Extensions.Logging.ILogger<LinkFeeder>
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Warnings { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning)
            {
                Warnings.Enqueue(formatter(state, exception));
            }
        }
    }

    /// <summary>Kx to node B in-process: an announcement goes straight to B's receiving side; nothing else is used.</summary>
    private sealed class ForwardingKx(DeviceLinks receiver, IKeyStore receiverStore) : IKxClient
    {
        private int _announced;

        public int Announced => Volatile.Read(ref _announced);

        public Task<string?> ImportAsync(KmeId peer, ReservationDescriptor reservation, CancellationToken cancellationToken) => Task.FromResult<string?>("not used here");

        public Task<string?> ReadinessAsync(KmeId peer, CancellationToken cancellationToken) => Task.FromResult<string?>("not used here");

        public Task<KxBlockOutcome> SendBlockAsync(KmeId peer, PoolId pool, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a device link sends no key bytes");

        public Task<KxBlockOutcome> AnnounceDeviceBlockAsync(KmeId peer, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _announced);
            return receiver.ReceiveAsync(Link, pool, block, keyIds, keySizeBits, receiverStore, cancellationToken);
        }
    }
}
