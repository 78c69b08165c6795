using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Kx;
using QkdNet.Node.Links;
using QkdNet.Primitives;
using QkdNet.Quantum;

namespace QkdNet.Node.Tests.Links;

/// <summary>The link feeder's hand-over over Kx, against a Kx client that records what it was asked to send.</summary>
public sealed class KxBlockHandOverTests
{
    private static readonly KmeId Peer = KmeId.Create("kme-b");
    private static readonly PoolId Pool = LinkPools.PoolOf(LinkId.Create("link-ab"), KmeId.Create("kme-a"));
    private static readonly BlockId Block = BlockId.Create("b0");

    [Fact]
    public async Task HandOverAsync_SimulatedLink_SendsThePeersCopyInBytesToThePeer()
    {
        byte[] bits = RandomNumberGenerator.GetBytes(64);
        var kx = new RecordingKx(KxBlockOutcome.Stored);

        BlockHandOverOutcome outcome = await new KxBlockHandOver(kx, Peer, device: null).HandOverAsync(Pool, Block, Copy(bits), CancellationToken.None);

        Assert.Equal(BlockHandOverOutcome.Stored, outcome);
        Assert.Equal((Peer, Pool, Block), (kx.Peer, kx.Pool, kx.Block));
        Assert.Equal(bits, kx.Material);
    }

    [Theory]
    [InlineData(KxBlockOutcome.Refused, BlockHandOverOutcome.Refused)]
    [InlineData(KxBlockOutcome.Unreachable, BlockHandOverOutcome.Unreachable)]
    public async Task HandOverAsync_PeerAnswer_MappedToTheFeedersOutcome(KxBlockOutcome answer, BlockHandOverOutcome expected)
    {
        var kx = new RecordingKx(answer);

        Assert.Equal(expected, await new KxBlockHandOver(kx, Peer, device: null).HandOverAsync(Pool, Block, Copy(new byte[32]), CancellationToken.None));
    }

    private static SecretKeyBlock Copy(byte[] bits) => new(Guid.Empty, BitString.FromBytes(bits), Qber.Create(0.01), true, KeyOrigin.Quantum);

    private sealed class RecordingKx(KxBlockOutcome answer) : IKxClient
    {
        public KmeId Peer { get; private set; }

        public PoolId Pool { get; private set; }

        public BlockId Block { get; private set; }

        public byte[]? Material { get; private set; }

        public Task<KxBlockOutcome> SendBlockAsync(KmeId peer, PoolId pool, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken)
        {
            (Peer, Pool, Block, Material) = (peer, pool, block, material.ToArray());
            return Task.FromResult(answer);
        }

        public Task<KxBlockOutcome> AnnounceDeviceBlockAsync(KmeId peer, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a simulated link never announces device keys");

        public Task<string?> ImportAsync(KmeId peer, ReservationDescriptor reservation, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not used by the hand-over");

        public Task<string?> ReadinessAsync(KmeId peer, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not used by the hand-over");
    }
}
