using QkdNet.Services.Trading.Fix;

namespace QkdNet.Tests.Services.Trading.Fix;

public sealed class FixAllocationTests
{
    [Fact]
    public void EncodeAndDecode_OrderAndReport_AllocateNothingPerMessage()
    {
        FixHeader header = FixTestMessages.Header();
        FixNewOrderSingle order = FixTestMessages.Order();
        FixExecutionReport report = FixTestMessages.Report();
        var buffer = new byte[FixEncoder.MaxMessageLength];
        long sink = RoundTrips(header, order, report, buffer, 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        sink += RoundTrips(header, order, report, buffer, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_100 * 2 * 7, sink);
    }

    [Fact]
    public void Decode_BadCheckSumAndRejectBuilt_AllocatesNothing()
    {
        byte[] bad = FixTestMessages.Encode(FixTestMessages.Order());
        bad[^3] = (byte)(bad[^3] == (byte)'0' ? '1' : '0');
        var buffer = new byte[FixEncoder.MaxMessageLength];
        FixHeader header = FixTestMessages.Header();
        RejectOnce(bad, header, buffer);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            RejectOnce(bad, header, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RejectOnce(byte[] bad, in FixHeader header, byte[] buffer)
    {
        FixDecoder.TryDecode(bad, out _, out FixDecodeError error);
        FixEncoder.TryEncode(header, FixReject.For(error), buffer, out _);
    }

    private static long RoundTrips(in FixHeader header, in FixNewOrderSingle order, in FixExecutionReport report, byte[] buffer, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            FixEncoder.TryEncode(header, order, buffer, out int written);
            FixDecoder.TryDecode(buffer.AsSpan(0, written), out FixMessage decoded, out _);
            sum += decoded.Header.MsgSeqNum;
            FixEncoder.TryEncode(header, report, buffer, out written);
            FixDecoder.TryDecode(buffer.AsSpan(0, written), out decoded, out _);
            sum += decoded.Header.MsgSeqNum;
        }

        return sum;
    }
}
