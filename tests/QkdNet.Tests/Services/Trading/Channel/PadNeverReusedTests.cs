using QkdNet.KeyManagement;
using QkdNet.Services.Trading.Channel;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class PadNeverReusedTests
{
    [Theory]
    [InlineData(1, FallbackPolicy.Fail)]
    [InlineData(2, FallbackPolicy.Aes)]
    [InlineData(3, FallbackPolicy.Aes)]
    public void Seal_ManyMessagesOfRandomSizes_NoTwoFramesNameOverlappingKeyBytes(int seed, FallbackPolicy policy)
    {
        var clock = new FakeTimeProvider();
        var options = new ChannelOptions { Policy = policy, AesRekeyMessages = 50, TimeProvider = clock };
        using var pair = new ChannelPair(options, keys: 0);
        var random = new Random(seed); // sizes and timing only
        var taken = new Dictionary<KeyId, List<(long Start, long End)>>();
        (KeyId, long)? currentAes = null;
        int sealedCount = 0;
        for (int i = 0; i < 3000; i++)
        {
            if (i % 50 == 0)
            {
                pair.AddInvestorKey(random.Next(300, 20_000)); // keys of uneven sizes leave tails that smaller messages use
            }

            if (random.Next(10) == 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 400)));
            }

            byte[] payload = ChannelPair.Payload(random.Next(0, 600), i);
            byte[] frame = new byte[ChannelFrame.MaxLength(payload.Length)];
            SealResult result = pair.InvestorSealer.Seal(payload, frame);
            if (!result.IsSealed)
            {
                continue;
            }

            sealedCount++;
            frame = frame[..result.FrameLength];
            Assert.Equal(OpenStatus.Opened, ChannelHeader.TryRead(frame, out ChannelHeader header));
            if (header.Mode == ProtectionMode.AesGcm && (header.KeyId, header.Offset) == currentAes)
            {
                Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
                continue; // a message under the current AES key takes no key bytes of its own
            }

            if (header.Mode == ProtectionMode.AesGcm)
            {
                currentAes = (header.KeyId, header.Offset);
            }

            long length = header.Mode == ProtectionMode.OneTimePad ? KeyBudget.OneTimePadBytes(payload.Length) : KeyBudget.AesKeyBytes;
            List<(long Start, long End)> ranges = taken.TryGetValue(header.KeyId, out var list) ? list : taken[header.KeyId] = [];
            Assert.DoesNotContain(ranges, r => r.Start < header.Offset + length && header.Offset < r.End);
            ranges.Add((header.Offset, header.Offset + length));
            Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
        }

        Assert.True(sealedCount > 500, $"only {sealedCount} sealed");
    }
}
