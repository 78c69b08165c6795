using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

/// <summary>A fake peer speaks broken Cascade to each end; each end must fail with a clear protocol exception.</summary>
public sealed class CascadeMalformedMessageTests
{
    private const int N = 2000;
    private static readonly CascadeReconciler Reconciler = new(CascadeParameters.Optimized);

    public static TheoryData<byte[]> BadStarts => new()
    {
        Array.Empty<byte>(),
        new byte[] { 99 },
        new byte[] { (byte)CascadeMessageType.ParityRequest, 1, 0, 0, 1 },
        new byte[] { (byte)CascadeMessageType.Start },
        new byte[] { (byte)CascadeMessageType.Start, 7, CascadeParameters.Optimized.VariantId },
        Start(variant: CascadeParameters.Original.VariantId),
        Start(n: N + 1),
        Start(truncateBy: 1),
        Start(extra: 1),
        Start(passKind: 9),
        Start(blockSize: N + 5),
        new byte[] { (byte)CascadeMessageType.Start, 1, CascadeParameters.Optimized.VariantId, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task ReconcileAlice_MalformedStart_ThrowsProtocolException(byte[] start)
    {
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        await bobEnd.SendAsync(start);
        await Assert.ThrowsAsync<ReconciliationProtocolException>(
            () => Reconciler.ReconcileAliceAsync(new BitString(N), 0.03, aliceEnd));
    }

    public static TheoryData<byte[]> BadRequests => new()
    {
        new byte[] { (byte)CascadeMessageType.ParityRequest },
        new byte[] { (byte)CascadeMessageType.ParityRequest, 0 },
        new byte[] { (byte)CascadeMessageType.ParityRequest, 1, 40, 0, 1 },
        new byte[] { (byte)CascadeMessageType.ParityRequest, 1, 0, 0xD0, 0x0F, 1 },
        new byte[] { (byte)CascadeMessageType.ParityRequest, 1, 0, 0, 0 },
        new byte[] { (byte)CascadeMessageType.ParityRequest, 1, 0, 60, 10 },
        new byte[] { (byte)CascadeMessageType.ParityRequest, 2, 0, 0, 1 },
        new byte[] { (byte)CascadeMessageType.ParityRequest, 1, 0, 0, 1, 0 },
        new byte[] { (byte)CascadeMessageType.TopLevelParities, 0 },
        new byte[] { (byte)CascadeMessageType.Done, 0 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ReconcileAlice_MalformedRequest_ThrowsProtocolException(byte[] request)
    {
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        await bobEnd.SendAsync(Start());
        Task<ReconciliationResult> alice = Reconciler.ReconcileAliceAsync(new BitString(N), 0.03, aliceEnd);
        await bobEnd.ReceiveAsync();
        await bobEnd.SendAsync(request);
        await Assert.ThrowsAsync<ReconciliationProtocolException>(() => alice);
    }

    [Fact]
    public async Task ReconcileAlice_WellFormedRequestThenDone_AnswersAndFinishes()
    {
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        await bobEnd.SendAsync(Start());
        Task<ReconciliationResult> alice = Reconciler.ReconcileAliceAsync(new BitString(N), 0.03, aliceEnd);
        await bobEnd.ReceiveAsync();
        await bobEnd.SendAsync([(byte)CascadeMessageType.ParityRequest, 1, 0, 0, 16]);
        Assert.Equal(new byte[] { (byte)CascadeMessageType.ParityResponse, 1, 0 }, await bobEnd.ReceiveAsync());
        await bobEnd.SendAsync([(byte)CascadeMessageType.Done]);
        Assert.Equal(2, (await alice).Rounds);
    }

    public static TheoryData<byte[]> BadTopLevel => new()
    {
        Array.Empty<byte>(),
        new byte[] { (byte)CascadeMessageType.ParityResponse, 1, 0 },
        new byte[] { (byte)CascadeMessageType.TopLevelParities, 3, 0 },
        new byte[] { (byte)CascadeMessageType.TopLevelParities },
        new byte[] { (byte)CascadeMessageType.TopLevelParities, 0x80 },
    };

    [Theory]
    [MemberData(nameof(BadTopLevel))]
    public async Task ReconcileBob_MalformedTopLevelParities_ThrowsProtocolException(byte[] reply)
    {
        var (aliceEnd, bobEnd) = InMemoryClassicalChannel.CreatePair();
        Task<ReconciliationResult> bob = Reconciler.ReconcileBobAsync(new BitString(N), 0.03, bobEnd);
        await aliceEnd.ReceiveAsync();
        await aliceEnd.SendAsync(reply);
        await Assert.ThrowsAsync<ReconciliationProtocolException>(() => bob);
    }

    private static byte[] Start(
        byte? variant = null, int n = N, int truncateBy = 0, int extra = 0, byte passKind = 0, int blockSize = 32)
    {
        var start = new CascadeStartMessage(
            variant ?? CascadeParameters.Optimized.VariantId, n, new byte[32], [new CascadePassPlan((CascadePassKind)passKind, blockSize)]);
        byte[] encoded = CascadeCodec.EncodeStart(start);
        if (passKind > 2)
        {
            encoded = Patch(encoded, encoded.Length - 2, passKind);
        }

        if (blockSize > n)
        {
            encoded = [.. encoded[..^1], (byte)((blockSize & 0x7F) | 0x80), (byte)(blockSize >> 7)];
        }

        return [.. encoded[..(encoded.Length - truncateBy)], .. new byte[extra]];
    }

    private static byte[] Patch(byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }
}
