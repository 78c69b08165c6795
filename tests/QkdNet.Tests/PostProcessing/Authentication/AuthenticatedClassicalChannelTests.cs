using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Authentication;

public sealed class AuthenticatedClassicalChannelTests
{
    private const int PoolBits = 64 * 200;

    private sealed class Link : IDisposable
    {
        public Link(int seed, int poolBits = PoolBits)
        {
            var rng = new Random(seed);
            var aliceToBob = new ulong[BitString.WordCount(poolBits)];
            var bobToAlice = new ulong[aliceToBob.Length];
            for (int i = 0; i < aliceToBob.Length; i++)
            {
                aliceToBob[i] = (ulong)rng.NextInt64();
                bobToAlice[i] = (ulong)rng.NextInt64();
            }

            BitString ab = BitString.FromWords(aliceToBob, poolBits), ba = BitString.FromWords(bobToAlice, poolBits);
            AliceSend = new AuthenticationKeyPool(ab);
            BobReceive = new AuthenticationKeyPool(ab);
            BobSend = new AuthenticationKeyPool(ba);
            AliceReceive = new AuthenticationKeyPool(ba);
            (InMemoryClassicalChannel a, InMemoryClassicalChannel b) = InMemoryClassicalChannel.CreatePair();
            Wire = new TamperingClassicalChannel(a);
            Alice = new AuthenticatedClassicalChannel(Wire, AliceSend, AliceReceive, AuthenticationRole.Alice);
            Bob = new AuthenticatedClassicalChannel(b, BobSend, BobReceive, AuthenticationRole.Bob);
        }

        public AuthenticationKeyPool AliceSend { get; }

        public AuthenticationKeyPool AliceReceive { get; }

        public AuthenticationKeyPool BobSend { get; }

        public AuthenticationKeyPool BobReceive { get; }

        public TamperingClassicalChannel Wire { get; }

        public AuthenticatedClassicalChannel Alice { get; }

        public AuthenticatedClassicalChannel Bob { get; }

        public void Dispose()
        {
            Alice.Dispose();
            Bob.Dispose();
            AliceSend.Dispose();
            AliceReceive.Dispose();
            BobSend.Dispose();
            BobReceive.Dispose();
        }
    }

    private static byte[] Message(int length, Random rng)
    {
        var m = new byte[length];
        rng.NextBytes(m);
        return m;
    }

    [Fact]
    public async Task RoundTrip_ManyMessagesBothDirections_ArriveIntact()
    {
        using var link = new Link(1);
        var rng = new Random(2);
        for (int i = 0; i < 60; i++)
        {
            byte[] toBob = Message(rng.Next(0, 300), rng), toAlice = Message(rng.Next(0, 300), rng);
            await link.Alice.SendAsync(toBob);
            if (i % 3 == 0)
            {
                await link.Alice.SendAsync(toBob);
                Assert.Equal(toBob, await link.Bob.ReceiveAsync());
            }

            await link.Bob.SendAsync(toAlice);
            Assert.Equal(toBob, await link.Bob.ReceiveAsync());
            Assert.Equal(toAlice, await link.Alice.ReceiveAsync());
        }

        Assert.Equal(80, link.Alice.MessagesSent);
        Assert.Equal(80, link.Bob.MessagesReceived);
    }

    [Fact]
    public async Task KeyConsumption_IsHashKeyPlusPadThenPadPerMessage_AndPoolsStayInStep()
    {
        using var link = new Link(3);
        await link.Alice.SendAsync([1, 2, 3]);
        Assert.Equal(AuthenticatedClassicalChannel.HashKeyBits + AuthenticatedClassicalChannel.PadBits, link.AliceSend.BitsConsumed);
        for (int i = 0; i < 9; i++)
        {
            await link.Alice.SendAsync(new byte[i * 10]);
        }

        for (int i = 0; i < 10; i++)
        {
            await link.Bob.ReceiveAsync();
        }

        long expected = AuthenticatedClassicalChannel.HashKeyBits + (10 * AuthenticatedClassicalChannel.PadBits);
        Assert.Equal(expected, link.AliceSend.BitsConsumed);
        Assert.Equal(expected, link.BobReceive.BitsConsumed);
        Assert.Equal(link.AliceSend.BitsAvailable, link.BobReceive.BitsAvailable);
        Assert.Equal(0, link.BobSend.BitsConsumed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(100 + 3)]
    public async Task Receive_MessageWithOneBitFlipped_ThrowsAuthenticationFailed(int bit)
    {
        using var link = new Link(4);
        link.Wire.Tamper = (_, m) =>
        {
            byte[] copy = (byte[])m.Clone();
            copy[bit / 8 % copy.Length] ^= (byte)(1 << (bit % 8));
            return [copy];
        };
        await link.Alice.SendAsync(new byte[5]);
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await link.Bob.ReceiveAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(20)]
    public async Task Receive_TruncatedMessage_ThrowsAuthenticationFailed(int bytesCut)
    {
        using var link = new Link(5);
        link.Wire.Tamper = (_, m) => [m[..^bytesCut]];
        await link.Alice.SendAsync(new byte[12]);
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await link.Bob.ReceiveAsync());
    }

    [Fact]
    public async Task Receive_ReplayedMessage_ThrowsAuthenticationFailed()
    {
        using var link = new Link(6);
        link.Wire.Tamper = (i, m) => i == 0 ? [m, m] : [m];
        await link.Alice.SendAsync([42]);
        Assert.Equal([42], await link.Bob.ReceiveAsync());
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await link.Bob.ReceiveAsync());
    }

    [Fact]
    public async Task Receive_ReorderedMessages_ThrowsAuthenticationFailed()
    {
        using var link = new Link(7);
        byte[]? held = null;
        link.Wire.Tamper = (i, m) =>
        {
            if (i == 0)
            {
                held = m;
                return [];
            }

            return [m, held!];
        };
        await link.Alice.SendAsync([1]);
        await link.Alice.SendAsync([2]);
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await link.Bob.ReceiveAsync());
    }

    [Fact]
    public async Task Receive_AfterAFailure_StaysFaulted()
    {
        using var link = new Link(8);
        link.Wire.Tamper = (i, m) => i == 0 ? [m[..^1]] : [m];
        await link.Alice.SendAsync([1, 2]);
        await link.Alice.SendAsync([3]);
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await link.Bob.ReceiveAsync());
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await link.Bob.ReceiveAsync());
    }

    [Fact]
    public async Task Receive_MessageReflectedBackToItsSender_ThrowsAuthenticationFailed()
    {
        // Same pool bits both directions, so only the direction bit tells them apart.
        var secret = BitString.FromWords([1UL, 2UL, 3UL, 4UL], 256);
        using var aliceSend = new AuthenticationKeyPool(secret);
        using var aliceReceive = new AuthenticationKeyPool(secret);
        (InMemoryClassicalChannel a, InMemoryClassicalChannel b) = InMemoryClassicalChannel.CreatePair();
        using var alice = new AuthenticatedClassicalChannel(a, aliceSend, aliceReceive, AuthenticationRole.Alice);
        await alice.SendAsync([9, 9]);
        await b.SendAsync(await b.ReceiveAsync());
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await alice.ReceiveAsync());
    }

    [Fact]
    public async Task Send_WithExhaustedPool_ThrowsAndSendsNothing()
    {
        using var link = new Link(9, poolBits: 64 * 3);
        await link.Alice.SendAsync([1]);
        await link.Alice.SendAsync([2]);
        await Assert.ThrowsAsync<AuthenticationKeyExhaustedException>(async () => await link.Alice.SendAsync([3]));
        Assert.Equal(2, link.Wire.MessagesSent);
    }

    [Fact]
    public async Task Receive_WithExhaustedPool_ThrowsAndFaultsTheChannel()
    {
        using var link = new Link(11, poolBits: 128);
        await link.Alice.SendAsync([1]);
        Assert.Equal([1], await link.Bob.ReceiveAsync());
        link.AliceSend.Replenish(BitString.FromWords([7UL], 64));
        await link.Alice.SendAsync([2]);
        await Assert.ThrowsAsync<AuthenticationKeyExhaustedException>(async () => await link.Bob.ReceiveAsync());
        await Assert.ThrowsAsync<AuthenticationFailedException>(async () => await link.Bob.ReceiveAsync());
    }

    [Fact]
    public async Task SendAndReceive_AfterDispose_ThrowObjectDisposed()
    {
        using var link = new Link(12);
        await link.Alice.SendAsync([1]);
        link.Alice.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await link.Alice.SendAsync([2]));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await link.Alice.ReceiveAsync());
    }

    [Fact]
    public async Task Send_AfterReplenish_Resumes()
    {
        using var link = new Link(10, poolBits: 128);
        await link.Alice.SendAsync([1]);
        await Assert.ThrowsAsync<AuthenticationKeyExhaustedException>(async () => await link.Alice.SendAsync([2]));
        var more = BitString.FromWords([0x1234UL], 64);
        link.AliceSend.Replenish(more);
        link.BobReceive.Replenish(more);
        await link.Alice.SendAsync([3]);
        Assert.Equal([1], await link.Bob.ReceiveAsync());
        Assert.Equal([3], await link.Bob.ReceiveAsync());
    }

    [Fact]
    public void Constructor_SamePoolForBothDirections_ThrowsArgumentException()
    {
        using var pool = new AuthenticationKeyPool(new BitString(128));
        (InMemoryClassicalChannel a, _) = InMemoryClassicalChannel.CreatePair();
        Assert.Throws<ArgumentException>(() => new AuthenticatedClassicalChannel(a, pool, pool, AuthenticationRole.Alice));
    }
}
