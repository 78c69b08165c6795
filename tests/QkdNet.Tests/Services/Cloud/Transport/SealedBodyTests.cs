using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Cloud.Storage;
using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Tests.Services.Cloud.Transport;

public sealed class SealedBodyTests
{
    private static readonly ShareProtectionSettings Small = new() { OneTimePadMaxBytes = 1000, SegmentBytes = 4096, RekeyBytes = 8192 };
    private static readonly byte[] Context = "qkdnet-share/s1/abc/put/0"u8.ToArray();

    private static byte[] Bytes(long length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> WriteAsync(ShareProtectionPlan plan, byte[] keys, byte[] plain, int piece)
    {
        using var wire = new MemoryStream();
        using (var writer = new SealedBodyWriter(plan, keys, Context, AuthenticationRole.Alice, wire))
        {
            for (int at = 0; at < plain.Length; at += piece)
            {
                await writer.WriteAsync(plain.AsMemory(at, Math.Min(piece, plain.Length - at)), CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        return wire.ToArray();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1000, 7)]
    [InlineData(1001, 333)]
    [InlineData(4096, 4096)]
    [InlineData(8193, 1000)]
    [InlineData(30000, 5000)]
    public async Task Writer_InAnyPieces_WritesExactlyWhatShareCipherSeals(int length, int piece)
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(length, Small);
        byte[] keys = Bytes(plan.KeyBitsUsed / 8, 1), plain = Bytes(length, 2);

        byte[] streamed = await WriteAsync(plan, keys, plain, piece);

        Assert.Equal(ShareCipher.Seal(plan, keys, Context, AuthenticationRole.Alice, plain), streamed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(8193)]
    [InlineData(30000)]
    public async Task Reader_OpensWhatTheWriterSealed_WholeAndPieceByPiece(int length)
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(length, Small);
        byte[] keys = Bytes(plan.KeyBitsUsed / 8, 1), plain = Bytes(length, 2);
        byte[] wire = await WriteAsync(plan, keys, plain, 1234);

        byte[] whole = new byte[length];
        using (var reader = new SealedBodyReader(plan, keys, Context, AuthenticationRole.Alice, new MemoryStream(wire)))
        {
            Assert.Null(await reader.ReadAllAsync(whole, CancellationToken.None));
        }

        var pieces = new List<byte>();
        using (var reader = new SealedBodyReader(plan, keys, Context, AuthenticationRole.Alice, new MemoryStream(wire)))
        {
            for (ShareChunk chunk = await reader.NextAsync(CancellationToken.None); !chunk.Data.IsEmpty; chunk = await reader.NextAsync(CancellationToken.None))
            {
                Assert.Null(chunk.Problem);
                Assert.True(chunk.Data.Length <= Small.SegmentBytes);
                pieces.AddRange(chunk.Data.ToArray());
            }
        }

        Assert.Equal(plain, whole);
        Assert.Equal(plain, pieces.ToArray());
    }

    [Fact]
    public async Task Reader_ATamperedThirdSegment_HandsOnlyTheSegmentsBeforeIt_ThenFails()
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(5 * 4096, Small);
        byte[] keys = Bytes(plan.KeyBitsUsed / 8, 1), plain = Bytes(5 * 4096, 2);
        byte[] wire = await WriteAsync(plan, keys, plain, 4096);
        wire[(2 * (4096 + 16)) + 100] ^= 1;

        using var reader = new SealedBodyReader(plan, keys, Context, AuthenticationRole.Alice, new MemoryStream(wire));
        Assert.Equal(plain.AsSpan(0, 4096).ToArray(), (await reader.NextAsync(CancellationToken.None)).Data.ToArray());
        Assert.Equal(plain.AsSpan(4096, 4096).ToArray(), (await reader.NextAsync(CancellationToken.None)).Data.ToArray());
        ShareChunk third = await reader.NextAsync(CancellationToken.None);

        Assert.True(third.Data.IsEmpty);
        Assert.Contains("authentication", third.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_ATamperedBody_ReadWhole_FailsAndLeavesTheDestinationZeroed()
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(3 * 4096, Small);
        byte[] keys = Bytes(plan.KeyBitsUsed / 8, 1), plain = Bytes(3 * 4096, 2);
        byte[] wire = await WriteAsync(plan, keys, plain, 4096);
        wire[^1] ^= 1;
        byte[] destination = new byte[plain.Length];

        using var reader = new SealedBodyReader(plan, keys, Context, AuthenticationRole.Alice, new MemoryStream(wire));

        Assert.NotNull(await reader.ReadAllAsync(destination, CancellationToken.None));
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Reader_ATruncatedBody_FailsAsAPieceSource_AndThrowsWhenReadWhole()
    {
        ShareProtectionPlan plan = ShareProtectionPlan.For(3 * 4096, Small);
        byte[] keys = Bytes(plan.KeyBitsUsed / 8, 1);
        byte[] wire = (await WriteAsync(plan, keys, Bytes(3 * 4096, 2), 4096))[..^10];

        using (var reader = new SealedBodyReader(plan, keys, Context, AuthenticationRole.Alice, new MemoryStream(wire)))
        {
            await reader.NextAsync(CancellationToken.None);
            await reader.NextAsync(CancellationToken.None);
            Assert.Contains("ended or broke", (await reader.NextAsync(CancellationToken.None)).Problem, StringComparison.Ordinal);
        }

        using var whole = new SealedBodyReader(plan, keys, Context, AuthenticationRole.Alice, new MemoryStream(wire));
        await Assert.ThrowsAnyAsync<EndOfStreamException>(() => whole.ReadAllAsync(new byte[3 * 4096], CancellationToken.None));
    }
}
