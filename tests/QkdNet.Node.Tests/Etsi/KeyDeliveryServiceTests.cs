using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Node.Configuration;
using QkdNet.Node.Etsi;
using QkdNet.Node.Kx;
using QkdNet.Node.Security;

namespace QkdNet.Node.Tests.Etsi;

/// <summary>enc_keys against the real store with a scripted Kx peer: the keys go out only when the peer confirmed them.</summary>
public sealed class KeyDeliveryServiceTests : IAsyncLifetime
{
    private static readonly KmeId SelfKme = KmeId.Create("kme-a");
    private static readonly KmeId PeerKme = KmeId.Create("kme-b");
    private static readonly LinkId Link = LinkId.Create("link-ab");
    private static readonly PoolOptions Pool = new(256, 1024, 4096, 1L << 30);

    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-delivery-").FullName;
    private readonly ScriptedKx _kx = new();
    private SqliteKeyStore _store = null!;
    private KeyDeliveryService _service = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_folder, "a.db"), DefaultPool = Pool }, TimeProvider.System);
        Assert.True((await _store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        Assert.True((await _store.IngestBlockAsync(LinkPools.PoolOf(Link, SelfKme), BlockId.Create("b0"), new byte[4096])).IsSuccess);
        var settings = new NodeSettings(
            SelfKme, new IPEndPoint(IPAddress.Loopback, 0), Microsoft.Extensions.Logging.LogLevel.Warning,
            new StoreSettings(Path.Combine(_folder, "a.db"), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), 128, 8192, 8, Pool),
            new TlsSettings("a.crt", "a.key", "ca.crt"), new UnsealSettings(null, null, false, SealSetup.MinPbkdf2Iterations, 0, 0, null),
            [new SaeSettings(SaeId.Create("sae-a1"), null)], [],
            [new PeerSettings(PeerKme, new Uri("https://127.0.0.1:1/"), null, [SaeId.Create("sae-b1")])],
            [new LinkSettings(Link, PeerKme, new LinkSourceSettings(LinkSourceKind.Random, "none", 0, 0, 0))]);
        _service = new KeyDeliveryService(_store, new NodeTopology(settings), settings.Store, _kx, NullLogger<KeyDeliveryService>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task GetKeys_PeerImports_ReturnsTheKeysThePeerWasToldAbout()
    {
        EtsiOutcome<IReadOnlyList<DeliveredKey>> outcome = await GetTwoKeysAsync();

        Assert.Equal(200, outcome.StatusCode);
        ReservationDescriptor told = Assert.Single(_kx.Told);
        Assert.Equal(told.Keys.Select(k => k.KeyId), outcome.Value!.Select(k => k.Id));
        foreach (DeliveredKey key in outcome.Value!)
        {
            key.Material.Dispose();
        }
    }

    [Fact]
    public async Task GetKeys_PeerRefusesTheImport_Answers503AndSpendsTheKeys()
    {
        _kx.Refusal = "peer answered 503: sealed";
        long before = Available();

        EtsiOutcome<IReadOnlyList<DeliveredKey>> outcome = await GetTwoKeysAsync();

        Assert.Equal(503, outcome.StatusCode);
        Assert.Equal(EtsiMessages.PeerUnavailable, outcome.Error!.Message);
        Assert.Null(outcome.Value);
        Assert.Equal(before - (2 * 256), Available());
    }

    [Fact]
    public async Task GetKeys_PeerSealed_Answers503AndSpendsNothing_HoweverOftenAsked()
    {
        _kx.Sealed = true;
        long before = Available();

        for (int attempt = 0; attempt < 3; attempt++)
        {
            EtsiOutcome<IReadOnlyList<DeliveredKey>> outcome = await GetTwoKeysAsync();
            Assert.Equal(503, outcome.StatusCode);
            Assert.Equal(EtsiMessages.PeerUnavailable, outcome.Error!.Message);
        }

        Assert.Equal(before, Available());
        Assert.Empty(_kx.Told);

        _kx.Sealed = false; // unsealed by its operator: the next request goes through
        EtsiOutcome<IReadOnlyList<DeliveredKey>> served = await GetTwoKeysAsync();
        Assert.Equal(200, served.StatusCode);
        foreach (DeliveredKey key in served.Value!)
        {
            key.Material.Dispose();
        }
    }

    [Fact]
    public async Task GetKeys_PeerKnownReady_DoesNotAskAgainBeforeEachReservation()
    {
        EtsiOutcome<IReadOnlyList<DeliveredKey>> first = await GetTwoKeysAsync();
        EtsiOutcome<IReadOnlyList<DeliveredKey>> second = await GetTwoKeysAsync();

        Assert.Equal(1, _kx.ReadinessQuestions);
        foreach (DeliveredKey key in first.Value!.Concat(second.Value!))
        {
            key.Material.Dispose();
        }
    }

    private Task<EtsiOutcome<IReadOnlyList<DeliveredKey>>> GetTwoKeysAsync() =>
        _service.GetKeysAsync(new Caller(CallerKind.LocalSae, "sae-a1"), "sae-b1", 2, 256, null, null, CancellationToken.None);

    private long Available() => _store.GetPoolStatus(LinkPools.PoolOf(Link, SelfKme)).Value.AvailableBits;

    /// <summary>A Kx peer that records what it was asked to import and answers as told; a sealed one refuses every import, as the real route does.</summary>
    private sealed class ScriptedKx : IKxClient
    {
        private int _readinessQuestions;

        public List<ReservationDescriptor> Told { get; } = [];

        /// <summary>Refuses imports while answering ready (a peer that failed after saying so).</summary>
        public string? Refusal { get; set; }

        public bool Sealed { get; set; }

        public int ReadinessQuestions => Volatile.Read(ref _readinessQuestions);

        public Task<string?> ImportAsync(KmeId peer, ReservationDescriptor reservation, CancellationToken cancellationToken)
        {
            lock (Told)
            {
                Told.Add(reservation);
            }

            return Task.FromResult(Sealed ? "peer answered 503" : Refusal);
        }

        public Task<string?> ReadinessAsync(KmeId peer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _readinessQuestions);
            return Task.FromResult(Sealed ? "peer answered 503" : null);
        }

        public Task<KxBlockOutcome> SendBlockAsync(KmeId peer, PoolId pool, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken) =>
            Task.FromResult(KxBlockOutcome.Unreachable);

        public Task<KxBlockOutcome> AnnounceDeviceBlockAsync(KmeId peer, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, CancellationToken cancellationToken) =>
            Task.FromResult(KxBlockOutcome.Unreachable);
    }
}
