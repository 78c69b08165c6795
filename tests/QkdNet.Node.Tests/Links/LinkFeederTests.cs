using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.Node.Links;
using QkdNet.Node.Network;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Links;

/// <summary>The feeder of one link against the real store, with a counting Kx peer and a clock the test moves.</summary>
public sealed class LinkFeederTests : IAsyncLifetime
{
    private static readonly KmeId SelfKme = KmeId.Create("kme-a");
    private static readonly KmeId PeerKme = KmeId.Create("kme-b");
    private static readonly LinkId Link = LinkId.Create("link-ab");
    private static readonly PoolOptions Pool = new(256, 1024, 4096, 1L << 20);

    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-feeder-").FullName;
    private readonly ManualTimeProvider _time = new();
    private readonly CountingKx _kx = new();
    private SqliteKeyStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_folder, "a.db"), DefaultPool = Pool }, TimeProvider.System);
        Assert.True((await _store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        foreach (KmeId owner in new[] { SelfKme, PeerKme })
        {
            Assert.True((await _store.IngestBlockAsync(LinkPools.PoolOf(Link, owner), BlockId.Create("full-" + owner.Value), new byte[Pool.HighWatermarkBits / 8])).IsSuccess);
        }
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task BothPoolsFull_StillProbesTheLink_AndDiscardsTheProbeKey()
    {
        var link = new LinkSettings(Link, PeerKme, new LinkSourceSettings(LinkSourceKind.Random, "none", 0, 0, 1024));
        var settings = new NodeSettings(
            SelfKme, new IPEndPoint(IPAddress.Loopback, 0), Microsoft.Extensions.Logging.LogLevel.Warning,
            new StoreSettings(Path.Combine(_folder, "a.db"), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), 128, 8192, 8, Pool),
            new TlsSettings("a.crt", "a.key", "ca.crt"), new UnsealSettings(null, null, false, SealSetup.MinPbkdf2Iterations, 0, 0, null),
            [], [], [new PeerSettings(PeerKme, new Uri("https://127.0.0.1:1/"), null, [])], [link]);
        var registry = new LinkRegistry();
        using var feeder = new LinkFeeder(link, new NodeTopology(settings), _store, _kx, _time, NullLogger<LinkFeeder>.Instance, registry);
        await feeder.StartAsync(CancellationToken.None);
        try
        {
            // Up to two minutes of the feeder's clock, well past the probe interval (10 s by default).
            for (int i = 0; i < 600 && BlocksSeen(registry) == 0; i++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(200));
                await Task.Delay(5);
            }

            Assert.True(BlocksSeen(registry) >= 1, "no block ran while both pools were full");
            Assert.Equal(0, _kx.Sent);
            foreach (KmeId owner in new[] { SelfKme, PeerKme })
            {
                Assert.Equal(Pool.HighWatermarkBits, _store.GetPoolStatus(LinkPools.PoolOf(Link, owner)).Value.AvailableBits);
            }
        }
        finally
        {
            await feeder.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ProductionNode_BlocksOfSyntheticOrigin_AreNeverIngestedNorSent()
    {
        string folder = Path.Combine(_folder, "empty");
        await using SqliteKeyStore empty = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(folder, "b.db"), DefaultPool = Pool }, TimeProvider.System);
        Assert.True((await empty.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        var link = new LinkSettings(Link, PeerKme, new LinkSourceSettings(LinkSourceKind.Random, "none", 0, 0, 1024));
        var settings = new NodeSettings(
            SelfKme, new IPEndPoint(IPAddress.Loopback, 0), Microsoft.Extensions.Logging.LogLevel.Warning,
            new StoreSettings(Path.Combine(folder, "b.db"), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), 128, 8192, 8, Pool),
            new TlsSettings("a.crt", "a.key", "ca.crt"), new UnsealSettings(null, null, false, SealSetup.MinPbkdf2Iterations, 0, 0, null),
            [], [], [new PeerSettings(PeerKme, new Uri("https://127.0.0.1:1/"), null, [])], [link]);
        Assert.False(settings.Development);
        var registry = new LinkRegistry();
        using var feeder = new LinkFeeder(link, new NodeTopology(settings), empty, _kx, _time, NullLogger<LinkFeeder>.Instance, registry);
        await feeder.StartAsync(CancellationToken.None);
        try
        {
            for (int i = 0; i < 400 && BlocksSeen(registry) < 3; i++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(200));
                await Task.Delay(5);
            }

            Assert.True(BlocksSeen(registry) >= 3, "the random source made no blocks");
            Assert.Equal(0, _kx.Sent);
            Assert.Equal(0, empty.GetPoolStatus(LinkPools.PoolOf(Link, SelfKme)).Value.AvailableBits);
        }
        finally
        {
            await feeder.StopAsync(CancellationToken.None);
        }
    }

    private static long BlocksSeen(LinkRegistry registry) => registry.Statuses().Sum(s => s.Status.BlocksDelivered + s.Status.BlocksAborted);

    private sealed class CountingKx : IKxClient
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public Task<string?> ImportAsync(KmeId peer, ReservationDescriptor reservation, CancellationToken cancellationToken) =>
            Task.FromResult<string?>("not used here");

        public Task<string?> ReadinessAsync(KmeId peer, CancellationToken cancellationToken) =>
            Task.FromResult<string?>("not used here");

        public Task<KxBlockOutcome> SendBlockAsync(KmeId peer, PoolId pool, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return Task.FromResult(KxBlockOutcome.Refused);
        }

        public Task<KxBlockOutcome> AnnounceDeviceBlockAsync(KmeId peer, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return Task.FromResult(KxBlockOutcome.Refused);
        }
    }
}
