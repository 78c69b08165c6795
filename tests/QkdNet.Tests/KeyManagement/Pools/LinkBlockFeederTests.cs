using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;
using QkdNet.Primitives;
using QkdNet.Quantum;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Tests.KeyManagement.Pools;

/// <summary>
/// The feeder of one link's two pools against two real stores (the link's two ends), with a module pair that yields a
/// fixed list of blocks and a hand-over that stores into the peer's store or refuses or does not answer. No process.
/// </summary>
public sealed class LinkBlockFeederTests : IAsyncLifetime
{
    private static readonly KmeId Self = KmeId.Create("kme-a");
    private static readonly KmeId Peer = KmeId.Create("kme-b");
    private static readonly LinkId Link = LinkId.Create("link-ab");
    private static readonly PoolOptions Pool = new(256, 1024, 4096, 1L << 20);

    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-feed-").FullName;
    private readonly ManualTimeProvider _time = new();
    private SqliteKeyStore _self = null!;
    private SqliteKeyStore _peer = null!;

    public async Task InitializeAsync()
    {
        _self = await OpenAsync("a.db");
        _peer = await OpenAsync("b.db");
    }

    public async Task DisposeAsync()
    {
        await _self.DisposeAsync();
        await _peer.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task FeedAsync_TwoBlocks_EachEndHoldsBothInTheEmptierPoolsWithTheSameBits()
    {
        var modules = new TwinModules(Block(1, KeyOrigin.Quantum), Block(2, KeyOrigin.Quantum));
        var handOver = new StoreHandOver(_peer);

        await FeedUntilAsync(modules, handOver, developmentNode: false, blocksTaken: 2);

        // the first block fills one pool, the second the other (each goes to the emptier one)
        foreach (KmeId owner in new[] { Self, Peer })
        {
            PoolId pool = LinkPools.PoolOf(Link, owner);
            Assert.Equal(2048, _self.GetPoolStatus(pool).Value.AvailableBits);
            Assert.Equal(2048, _peer.GetPoolStatus(pool).Value.AvailableBits);
        }

        Assert.Equal(2, handOver.Calls);
        await AssertSameKeyAtBothEndsAsync();
    }

    [Fact]
    public async Task FeedAsync_PeerRefusesTheBlock_ThisEndDoesNotStoreItEither()
    {
        var modules = new TwinModules(Block(1, KeyOrigin.Quantum));
        var handOver = new StoreHandOver(_peer) { Refuse = true };

        await FeedUntilAsync(modules, handOver, developmentNode: false, blocksTaken: 1);

        Assert.Equal(1, handOver.Calls);
        Assert.Equal(0, Available(_self));
    }

    [Fact]
    public async Task FeedAsync_PeerUnreachableTwice_RetriesAfterTheDelayAndThenBothEndsStore()
    {
        var modules = new TwinModules(Block(1, KeyOrigin.Quantum));
        var handOver = new StoreHandOver(_peer) { UnreachableTimes = 2 };

        await FeedUntilAsync(modules, handOver, developmentNode: false, blocksTaken: 1);

        Assert.Equal(3, handOver.Calls);
        Assert.Equal(2048, Available(_self));
        Assert.Equal(2048, Available(_peer));
    }

    [Fact]
    public async Task FeedAsync_SimulatedKeyOnAProductionNode_NeitherEndStoresIt()
    {
        var modules = new TwinModules(Block(1, KeyOrigin.Simulated));
        var handOver = new StoreHandOver(_peer);

        await FeedUntilAsync(modules, handOver, developmentNode: false, blocksTaken: 1);

        Assert.Equal(0, handOver.Calls);
        Assert.Equal(0, Available(_self));
    }

    [Fact]
    public async Task FeedAsync_SimulatedKeyOnADevelopmentNode_Stored()
    {
        var modules = new TwinModules(Block(1, KeyOrigin.Simulated));

        await FeedUntilAsync(modules, new StoreHandOver(_peer), developmentNode: true, blocksTaken: 1);

        Assert.Equal(2048, Available(_self));
    }

    [Fact]
    public async Task FeedAsync_BlockNotKeyGrade_Skipped()
    {
        var modules = new TwinModules(Block(1, KeyOrigin.Quantum) with { IsKeyGrade = false });
        var handOver = new StoreHandOver(_peer);

        await FeedUntilAsync(modules, handOver, developmentNode: true, blocksTaken: 1);

        Assert.Equal(0, handOver.Calls);
        Assert.Equal(0, Available(_self));
    }

    /// <summary>Feeds until the modules were asked for one block more than <paramref name="blocksTaken"/> (so the last one is fully handled), then stops the feeder.</summary>
    private async Task FeedUntilAsync(TwinModules modules, StoreHandOver handOver, bool developmentNode, int blocksTaken)
    {
        var feeder = new LinkBlockFeeder(new LinkBlockFeederOptions(Link, Self, Peer, TimeSpan.FromHours(1), developmentNode), _self, _time, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        Task feeding = Task.Run(() => feeder.FeedAsync(modules.Alice, modules.Bob, handOver, stop.Token));
        for (int i = 0; i < 2000 && modules.Alice.Requested <= blocksTaken; i++)
        {
            // the retry delay runs on the test's clock
            _time.Advance(LinkBlockFeeder.RetryDelay);
            await Task.Delay(5);
        }

        Assert.True(modules.Alice.Requested > blocksTaken, $"the feeder asked for {modules.Alice.Requested} blocks");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feeding);
    }

    private async Task AssertSameKeyAtBothEndsAsync()
    {
        PoolId pool = LinkPools.PoolOf(Link, Self);
        SaeId master = SaeId.Create("sae-a"), slave = SaeId.Create("sae-b");
        Result<Reservation, KeyStoreFailure> reserved = await _self.ReserveAsync(new ReserveRequest(pool, master, [slave], 4, 256, KeyDeliveryScope.Remote));
        Assert.True(reserved.IsSuccess, reserved.Error?.Detail);
        Assert.True((await _peer.ImportAsync(reserved.Value.Descriptor)).IsSuccess);
        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await _peer.FetchAsync(new FetchRequest(slave, master, [.. reserved.Value.Keys.Select(k => k.Id)]));
        Assert.True(fetched.IsSuccess, fetched.Error?.Detail);
        for (int i = 0; i < reserved.Value.Keys.Count; i++)
        {
            Assert.True(reserved.Value.Keys[i].Material.Span.SequenceEqual(fetched.Value[i].Material.Span));
        }
    }

    private static long Available(SqliteKeyStore store) =>
        new[] { Self, Peer }.Sum(owner => store.GetPoolStatus(LinkPools.PoolOf(Link, owner)) is { IsSuccess: true } s ? s.Value.AvailableBits : 0);

    private static SecretKeyBlock Block(int n, KeyOrigin origin)
    {
        byte[] bits = RandomNumberGenerator.GetBytes(256);
        return new SecretKeyBlock(new Guid(n, 0, 0, new byte[8]), BitString.FromBytes(bits), Qber.Create(0.01), true, origin);
    }

    private async Task<SqliteKeyStore> OpenAsync(string file)
    {
        var store = SqliteKeyStore.Open(new SqliteKeyStoreOptions { Path = Path.Combine(_folder, file), DefaultPool = Pool }, TimeProvider.System);
        Assert.True((await store.InitializeSealAsync(new SealSetup("passphrase", 0, 0, SealSetup.MinPbkdf2Iterations))).IsSuccess);
        return store;
    }

    /// <summary>The two ends of a link that yields <c>blocks</c> (each end a copy of the same block), then waits for cancellation.</summary>
    private sealed class TwinModules(params SecretKeyBlock[] blocks)
    {
        public End Alice { get; } = new(blocks);

        public End Bob { get; } = new(blocks);

        public sealed class End(SecretKeyBlock[] blocks) : IQkdModule
        {
            private int _requested;

            public int Requested => Volatile.Read(ref _requested);

            public string LinkName => Link.Value;

            public QkdModuleStatus Status { get; } = new(Qber.Create(0.01), 0, 0, 0, null);

            public async ValueTask<SecretKeyBlock> NextKeyBlockAsync(CancellationToken cancellationToken = default)
            {
                int n = Interlocked.Increment(ref _requested) - 1;
                if (n < blocks.Length)
                {
                    SecretKeyBlock b = blocks[n];
                    return b with { Key = BitString.FromBytes(b.Key.ToBytes()) };
                }

                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }

    /// <summary>A peer that stores the block in its own store, or refuses it, or does not answer the first few times.</summary>
    private sealed class StoreHandOver(IKeyStore peer) : ILinkBlockHandOver
    {
        public bool Refuse { get; init; }

        public int UnreachableTimes { get; init; }

        public int Calls { get; private set; }

        public async Task<BlockHandOverOutcome> HandOverAsync(PoolId pool, BlockId block, SecretKeyBlock peersCopy, CancellationToken cancellationToken)
        {
            if (++Calls <= UnreachableTimes)
            {
                return BlockHandOverOutcome.Unreachable;
            }

            if (Refuse)
            {
                return BlockHandOverOutcome.Refused;
            }

            byte[] bytes = peersCopy.Key.ToBytes();
            try
            {
                return (await peer.IngestBlockAsync(pool, block, bytes, cancellationToken)).IsSuccess ? BlockHandOverOutcome.Stored : BlockHandOverOutcome.Refused;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
    }
}
