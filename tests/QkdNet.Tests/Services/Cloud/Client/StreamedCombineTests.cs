using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Cloud.Client;

namespace QkdNet.Tests.Services.Cloud.Client;

public sealed class StreamedCombineTests
{
    private const int Piece = 1000;

    [Fact]
    public async Task Lanes_HandingPiecesSideBySide_RebuildTheSecret()
    {
        byte[] secret = new byte[(3 * Piece) + 17];
        new Random(1).NextBytes(secret);
        SecretShare[] shares = ShamirSharing.Split(secret, 3, 5).Value;
        SecretShare[] used = [shares[4], shares[1], shares[2]];
        byte[] result = new byte[secret.Length];
        var combine = new StreamedCombine([.. used.Select(s => s.X)], result);

        await Task.WhenAll(used.Select((share, lane) => Task.Run(async () =>
        {
            for (int at = 0; at < secret.Length; at += Piece)
            {
                await combine.ArriveAsync(lane, at, share.Memory.Slice(at, Math.Min(Piece, secret.Length - at)));
            }
        })));

        Assert.False(combine.Failed);
        Assert.Equal(secret, result);
    }

    [Fact]
    public async Task Fail_ReleasesALaneWaitingForTheOthers()
    {
        var combine = new StreamedCombine([1, 2], new byte[Piece]);
        Task waiting = combine.ArriveAsync(0, 0, new byte[Piece]);

        combine.Fail();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(combine.Failed);
    }

    [Fact]
    public async Task ArriveAsync_PiecesAtDifferentOffsets_FailsTheCombine()
    {
        var combine = new StreamedCombine([1, 2], new byte[2 * Piece]);
        Task first = combine.ArriveAsync(0, 0, new byte[Piece]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => combine.ArriveAsync(1, Piece, new byte[Piece]));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.True(combine.Failed);
    }
}
