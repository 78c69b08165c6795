using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Trading.Channel;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class MessageSealerTests
{
    private const int OrderBytes = 200;
    private const int PadPerOrder = OrderBytes + KeyBudget.TagKeyBytes;

    [Fact]
    public void Seal_PolicyFail_RefusesWhenPadRunsDryAndResumesWhenKeyArrives()
    {
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Fail }, keys: 0);
        pair.AddInvestorKey(2 * PadPerOrder);
        byte[] frame = new byte[ChannelFrame.MaxLength(OrderBytes)];
        byte[] order = ChannelPair.Payload(OrderBytes, 1);

        Assert.Equal(SealStatus.Sealed, pair.InvestorSealer.Seal(order, frame).Status);
        Assert.Equal(SealStatus.Sealed, pair.InvestorSealer.Seal(order, frame).Status);
        Assert.Equal(SealStatus.PadExhausted, pair.InvestorSealer.Seal(order, frame).Status);
        pair.AddInvestorKey(PadPerOrder);
        SealResult resumed = pair.InvestorSealer.Seal(order, frame);

        Assert.Equal(SealStatus.Sealed, resumed.Status);
        Assert.Equal(3UL, resumed.Sequence); // a refused message takes no sequence number
        Assert.Equal(3, pair.InvestorSealer.Counters.OneTimePadMessages);
        Assert.Equal(0, pair.InvestorSealer.Counters.AesMessages);
        Assert.Equal(1, pair.InvestorSealer.Counters.Refused);
    }

    [Fact]
    public void Seal_PolicyAes_SwitchesToAesWhenDryAndBackToPadWhenKeyArrives()
    {
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Aes }, keys: 0);
        pair.AddInvestorKey(PadPerOrder + KeyBudget.AesKeyBytes);
        var modes = new List<ProtectionMode>();
        for (int i = 0; i < 4; i++)
        {
            byte[] order = ChannelPair.Payload(OrderBytes, i);
            (OpenResult result, byte[] payload) = ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, order));
            Assert.Equal(OpenStatus.Opened, result.Status);
            Assert.Equal(order, payload);
            modes.Add(result.Mode);
        }

        pair.AddInvestorKey(PadPerOrder);
        modes.Add(ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 9))).Result.Mode);

        Assert.Equal(
            [ProtectionMode.OneTimePad, ProtectionMode.AesGcm, ProtectionMode.AesGcm, ProtectionMode.AesGcm, ProtectionMode.OneTimePad],
            modes);
        foreach (ChannelCounters counters in new[] { pair.InvestorSealer.Counters, pair.BrokerOpener.Counters })
        {
            Assert.Equal(2, counters.OneTimePadMessages);
            Assert.Equal(3, counters.AesMessages);
            Assert.Equal(1, counters.AesRekeys);
            Assert.Equal((2L * PadPerOrder + KeyBudget.AesKeyBytes) * 8, counters.KeyBitsUsed);
        }
    }

    [Fact]
    public void Seal_PolicyAesWithNoKeyLeftForAnAesKey_IsPadExhausted()
    {
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Aes }, keys: 0);
        Assert.Equal(SealStatus.PadExhausted, pair.InvestorSealer.Seal(new byte[10], new byte[ChannelFrame.MaxLength(10)]).Status);
    }

    [Fact]
    public void Seal_PolicyAes_RekeysAfterOneSecondOfTheInjectedClock()
    {
        var clock = new FakeTimeProvider();
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Aes, TimeProvider = clock }, keys: 0);
        pair.AddInvestorKey(3 * KeyBudget.AesKeyBytes); // enough for AES keys, too little for any order
        SealAndOpen(pair, 3);
        Assert.Equal(1, pair.InvestorSealer.Counters.AesRekeys);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        SealAndOpen(pair, 1);
        Assert.Equal(1, pair.InvestorSealer.Counters.AesRekeys);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        SealAndOpen(pair, 2);
        Assert.Equal(2, pair.InvestorSealer.Counters.AesRekeys);
        Assert.Equal(2, pair.BrokerOpener.Counters.AesRekeys);
        Assert.Equal(6, pair.BrokerOpener.Counters.AesMessages);
    }

    [Fact]
    public void Seal_PolicyAesDefaults_RekeysAfter2To20Messages()
    {
        var clock = new FakeTimeProvider(); // never advanced: only the message count can trigger the rekey
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Aes, TimeProvider = clock }, keys: 0);
        // Keys of 32 bytes serve AES keys but no one-time-pad message of 33 bytes (49 bytes of pad).
        pair.AddInvestorKey(KeyBudget.AesKeyBytes);
        pair.AddInvestorKey(KeyBudget.AesKeyBytes);
        byte[] payload = new byte[33];
        byte[] frame = new byte[ChannelFrame.MaxLength(payload.Length)];
        for (int i = 0; i < ChannelOptions.MaxAesMessagesPerKey; i++)
        {
            pair.InvestorSealer.Seal(payload, frame);
        }

        Assert.Equal(1, pair.InvestorSealer.Counters.AesRekeys);
        SealResult next = pair.InvestorSealer.Seal(payload, frame);

        Assert.Equal(SealStatus.Sealed, next.Status);
        Assert.Equal(2, pair.InvestorSealer.Counters.AesRekeys);
        Assert.Equal(ChannelOptions.MaxAesMessagesPerKey + 1, pair.InvestorSealer.Counters.AesMessages);
        Assert.Equal(OpenStatus.Opened, pair.BrokerOpener.Open(frame.AsSpan(0, next.FrameLength), payload).Status);
    }

    [Fact]
    public void Seal_AesMessagesUnderOneKey_UseDistinctNoncesSoEqualPayloadsDiffer()
    {
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Aes }, keys: 0);
        pair.AddInvestorKey(KeyBudget.AesKeyBytes);
        byte[] order = ChannelPair.Payload(OrderBytes, 1);
        byte[] first = ChannelPair.Seal(pair.InvestorSealer, order);
        byte[] second = ChannelPair.Seal(pair.InvestorSealer, order);
        Assert.NotEqual(first.AsSpan(ChannelHeader.Size).ToArray(), second.AsSpan(ChannelHeader.Size).ToArray());
    }

    [Fact]
    public void Open_AesFrameAltered_IsTagMismatchAndTheNextGoodMessageOpens()
    {
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Aes }, keys: 0);
        pair.AddInvestorKey(KeyBudget.AesKeyBytes);
        byte[] frame = ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 1));
        frame[ChannelHeader.Size + 3] ^= 1;

        Assert.Equal(OpenStatus.TagMismatch, ChannelPair.Open(pair.BrokerOpener, frame).Result.Status);
        Assert.Equal(OpenStatus.Opened, ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, 2))).Result.Status);
    }

    [Fact]
    public async Task SealAsync_PolicyWait_WaitsUntilPadArrives()
    {
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Wait }, keys: 0);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a bound on a hang, not a timing assertion
        byte[] frame = new byte[ChannelFrame.MaxLength(OrderBytes)];

        ValueTask<SealResult> waiting = pair.InvestorSealer.SealAsync(ChannelPair.Payload(OrderBytes, 1), frame, bound.Token);
        Assert.False(waiting.IsCompleted);
        pair.AddInvestorKey(PadPerOrder);
        SealResult result = await waiting;

        Assert.Equal(SealStatus.Sealed, result.Status);
        Assert.Equal(ProtectionMode.OneTimePad, result.Mode);
        Assert.True(pair.InvestorSealer.Counters.Waits >= 1);
        Assert.Equal(OpenStatus.Opened, pair.BrokerOpener.Open(frame.AsSpan(0, result.FrameLength), new byte[OrderBytes]).Status);
    }

    [Fact]
    public async Task SealAsync_PolicyWaitCancelled_ReturnsWaitCancelled()
    {
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Wait }, keys: 0);
        using var cancel = new CancellationTokenSource();
        ValueTask<SealResult> waiting = pair.InvestorSealer.SealAsync(new byte[10], new byte[ChannelFrame.MaxLength(10)], cancel.Token);
        await cancel.CancelAsync();

        Assert.Equal(SealStatus.WaitCancelled, (await waiting).Status);
        Assert.Equal(1, pair.InvestorSealer.Counters.Refused);
        Assert.Equal(1UL, pair.InvestorSealer.NextSequence);
    }

    [Fact]
    public void Seal_PolicyWaitSynchronously_SaysMustWait()
    {
        using var pair = new ChannelPair(new ChannelOptions { Policy = FallbackPolicy.Wait }, keys: 0);
        Assert.Equal(SealStatus.MustWait, pair.InvestorSealer.Seal(new byte[10], new byte[ChannelFrame.MaxLength(10)]).Status);
    }

    [Fact]
    public void Seal_FrameBufferTooSmall_IsRefusedAndTakesNoPad()
    {
        using var pair = new ChannelPair(keys: 1, keyBytes: PadPerOrder);
        Assert.Equal(SealStatus.DestinationTooSmall, pair.InvestorSealer.Seal(new byte[OrderBytes], new byte[10]).Status);
        Assert.Equal(PadPerOrder, pair.InvestorPad.BytesAvailable);
    }

    [Fact]
    public void KeyBudget_OrderOf200Bytes_Takes1728BitsOfPad()
    {
        using var pair = new ChannelPair();
        ChannelPair.Seal(pair.InvestorSealer, new byte[OrderBytes]);
        Assert.Equal(1728, KeyBudget.OneTimePadBits(OrderBytes));
        Assert.Equal(1728, pair.InvestorSealer.Counters.KeyBitsPerMessage);
        Assert.Equal(17_280_000, KeyBudget.RequiredBitsPerSecond(OrderBytes, 10_000));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData((1L << 20) + 1, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 1001)]
    public void Constructor_RekeyLimitsOutOfRange_Throw(long messages, int milliseconds)
    {
        using var source = new InMemoryPadSource();
        var options = new ChannelOptions { AesRekeyMessages = messages, AesRekeyInterval = TimeSpan.FromMilliseconds(milliseconds) };
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageSealer(source, AuthenticationRole.Alice, options));
    }

    private static void SealAndOpen(ChannelPair pair, int count)
    {
        for (int i = 0; i < count; i++)
        {
            (OpenResult result, _) = ChannelPair.Open(pair.BrokerOpener, ChannelPair.Seal(pair.InvestorSealer, ChannelPair.Payload(OrderBytes, i)));
            Assert.Equal(OpenStatus.Opened, result.Status);
            Assert.Equal(ProtectionMode.AesGcm, result.Mode);
        }
    }
}
