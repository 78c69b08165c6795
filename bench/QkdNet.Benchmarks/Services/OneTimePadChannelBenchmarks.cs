using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Benchmarks.Services;

/// <summary>
/// The one-time-pad step of the secure trade channel, both ends, for one 200-byte order: seal (take
/// pad, header, XOR, Wegman-Carter tag) then open (header and sequence checks, pad lookup, tag check
/// in constant time, XOR, consume). Goal (issue 11): under 2 us. Key supply is excluded: the pad comes
/// from a fixed random buffer handed out at ever-increasing offsets, so what is timed is the channel's
/// own work, not a key buffer's.
/// </summary>
[MemoryDiagnoser]
public class OneTimePadChannelBenchmarks
{
    private readonly byte[] _order = new byte[200];
    private readonly byte[] _frame = new byte[ChannelFrame.MaxLength(200)];
    private readonly byte[] _received = new byte[200];
    private RecyclingPad _pad = null!;
    private MessageSealer _sealer = null!;
    private MessageOpener _opener = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_order); // order content is not secret; fixed for repeatability
        _pad = new RecyclingPad(RandomNumberGenerator.GetBytes(1 << 20));
        _sealer = new MessageSealer(_pad, AuthenticationRole.Alice, new ChannelOptions { Policy = FallbackPolicy.Fail });
        _opener = new MessageOpener(_pad, AuthenticationRole.Alice);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sealer.Dispose();
        _opener.Dispose();
        _pad.Dispose();
    }

    [Benchmark]
    public OpenStatus SealAndOpen200ByteOrder()
    {
        SealResult sealedFrame = _sealer.Seal(_order, _frame);
        return _opener.Open(_frame.AsSpan(0, sealedFrame.FrameLength), _received).Status;
    }

    /// <summary>Both ends' pad from one buffer, reused cyclically (benchmark only: a real pad is never reused).</summary>
    private sealed class RecyclingPad(byte[] bytes) : IPadSource, IPadLookup, IDisposable
    {
        private readonly KeyId _keyId = KeyId.New();
        private long _next;

        public bool TryTake(Span<byte> destination, out PadSegment segment)
        {
            if ((_next % bytes.Length) + destination.Length > bytes.Length)
            {
                _next += bytes.Length - (_next % bytes.Length);
            }

            bytes.AsSpan((int)(_next % bytes.Length), destination.Length).CopyTo(destination);
            segment = new PadSegment(_keyId, _next, destination.Length);
            _next += destination.Length;
            return true;
        }

        public ValueTask WaitForPadAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public PadLookupStatus TryRead(PadSegment segment, Span<byte> destination)
        {
            bytes.AsSpan((int)(segment.Offset % bytes.Length), segment.Length).CopyTo(destination);
            return PadLookupStatus.Found;
        }

        public void Consume(PadSegment segment)
        {
        }

        public void Dispose() => CryptographicOperations.ZeroMemory(bytes);
    }
}
