using QkdNet.PostProcessing.Channel;

namespace QkdNet.Tests.PostProcessing.Channel;

public sealed class InMemoryClassicalChannelTests
{
    [Fact]
    public async Task Messages_ArriveInOrder_AndAreCounted()
    {
        var (alice, bob) = InMemoryClassicalChannel.CreatePair();
        await alice.SendAsync([1, 2]);
        await alice.SendAsync([3]);
        Assert.Equal(new byte[] { 1, 2 }, await bob.ReceiveAsync());
        Assert.Equal(new byte[] { 3 }, await bob.ReceiveAsync());
        Assert.Equal(2, alice.MessagesSent);
        Assert.Equal(3, alice.BytesSent);
        Assert.Equal(0, bob.MessagesSent);
    }

    [Fact]
    public async Task Receive_AfterOtherEndCloses_ThrowsClosed()
    {
        var (alice, bob) = InMemoryClassicalChannel.CreatePair();
        alice.Dispose();
        await Assert.ThrowsAsync<ClassicalChannelClosedException>(async () => await bob.ReceiveAsync());
    }

    [Fact]
    public async Task Send_ToWaitingReceiver_RunsItsReplyBeforeSendReturns()
    {
        var (alice, bob) = InMemoryClassicalChannel.CreatePair();
        Task echo = EchoOnceAsync(alice);

        await bob.SendAsync([7]);

        // The reply is already queued: no thread-pool hop sits between a request and its answer.
        ValueTask<byte[]> reply = bob.ReceiveAsync();
        Assert.True(reply.IsCompleted);
        Assert.Equal(new byte[] { 7 }, await reply);
        await echo;
    }

    private static async Task EchoOnceAsync(InMemoryClassicalChannel end) =>
        await end.SendAsync(await end.ReceiveAsync());
}
