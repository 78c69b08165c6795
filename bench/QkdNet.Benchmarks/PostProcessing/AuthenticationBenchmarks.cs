using BenchmarkDotNet.Attributes;
using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// One authenticated message Alice to Bob over the in-memory channel (tag, send, receive, check);
/// Bits = 8 x message bytes, so Mbit/s is payload throughput.
/// </summary>
[Config(typeof(HashingBenchmarkConfig))]
public class AuthenticationBenchmarks
{
    private const int RefillBits = 1 << 20;
    private AuthenticationKeyPool _aliceSend = null!;
    private AuthenticationKeyPool _aliceReceive = null!;
    private AuthenticationKeyPool _bobSend = null!;
    private AuthenticationKeyPool _bobReceive = null!;
    private AuthenticatedClassicalChannel _alice = null!;
    private AuthenticatedClassicalChannel _bob = null!;
    private BitString _refill = null!;
    private byte[] _message = null!;

    [Params(512, 8_192, 524_288)]
    public int Bits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BitString aliceToBob = BitString.Random(RefillBits), bobToAlice = BitString.Random(RefillBits);
        _refill = BitString.Random(RefillBits);
        _aliceSend = new AuthenticationKeyPool(aliceToBob);
        _bobReceive = new AuthenticationKeyPool(aliceToBob);
        _bobSend = new AuthenticationKeyPool(bobToAlice);
        _aliceReceive = new AuthenticationKeyPool(bobToAlice);
        (InMemoryClassicalChannel a, InMemoryClassicalChannel b) = InMemoryClassicalChannel.CreatePair();
        _alice = new AuthenticatedClassicalChannel(a, _aliceSend, _aliceReceive, AuthenticationRole.Alice);
        _bob = new AuthenticatedClassicalChannel(b, _bobSend, _bobReceive, AuthenticationRole.Bob);
        _message = new byte[Bits / 8];
        new Random(1).NextBytes(_message); // payload content is not secret; fixed for repeatability
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _alice.Dispose();
        _bob.Dispose();
        _aliceSend.Dispose();
        _aliceReceive.Dispose();
        _bobSend.Dispose();
        _bobReceive.Dispose();
    }

    [Benchmark]
    public async Task<byte[]> SendAndReceive()
    {
        if (_aliceSend.BitsAvailable < 128)
        {
            // Both ends refill with the same bits, as they would from a distilled block.
            _aliceSend.Replenish(_refill);
            _bobReceive.Replenish(_refill);
        }

        await _alice.SendAsync(_message);
        return await _bob.ReceiveAsync();
    }
}
