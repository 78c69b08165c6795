using System.Threading.Channels;

namespace QkdNet.Services.Statistics.Transport;

/// <summary>
/// The parties of a computation in one process: an unbounded FIFO queue per ordered pair, with a count of the bytes
/// and messages that cross between parties (what a real network would carry, framing excluded). A party can be taken
/// down (its queues close, so the others see <see cref="PartyUnavailableException"/> at once), and a tap sees or
/// alters every message (to record a party's view, or to inject a wrong share). Thread-safe.
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly Channel<byte[]>[,] _queues;
    private readonly bool[] _down;
    private long _bytes;
    private long _messages;

    /// <summary>Sees each message as it is sent (from, to, payload) and returns what is delivered (the same array, or another).</summary>
    public delegate byte[] Tap(int from, int to, byte[] payload);

    public InMemoryNetwork(int parties, Tap? tap = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 2);
        PartyCount = parties;
        TapFunction = tap;
        _down = new bool[parties];
        _queues = new Channel<byte[]>[parties, parties];
        for (int from = 0; from < parties; from++)
        {
            for (int to = 0; to < parties; to++)
            {
                _queues[from, to] = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            }
        }
    }

    public int PartyCount { get; }

    /// <summary>Payload bytes sent between parties so far.</summary>
    public long BytesBetweenParties => Interlocked.Read(ref _bytes);

    /// <summary>Messages sent between parties so far.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    private Tap? TapFunction { get; }

    /// <summary>The endpoint of party <paramref name="party"/>.</summary>
    public IPartyTransport Endpoint(int party)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(party);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(party, PartyCount);
        return new InMemoryEndpoint(this, party);
    }

    /// <summary>Takes a party down: whatever it sends is dropped, and receiving from it fails.</summary>
    public void TakeDown(int party)
    {
        lock (_down)
        {
            _down[party] = true;
        }

        for (int to = 0; to < PartyCount; to++)
        {
            _queues[party, to].Writer.TryComplete();
        }
    }

    private bool IsDown(int party)
    {
        lock (_down)
        {
            return _down[party];
        }
    }

    private sealed class InMemoryEndpoint(InMemoryNetwork network, int self) : IPartyTransport
    {
        public int Self => self;

        public int PartyCount => network.PartyCount;

        public ValueTask SendAsync(int to, byte[] payload, CancellationToken cancellationToken)
        {
            if (network.IsDown(self) || to == self)
            {
                return ValueTask.CompletedTask;
            }

            byte[] delivered = network.TapFunction?.Invoke(self, to, payload) ?? payload;
            Interlocked.Add(ref network._bytes, delivered.Length);
            Interlocked.Increment(ref network._messages);
            network._queues[self, to].Writer.TryWrite(delivered);
            return ValueTask.CompletedTask;
        }

        public async ValueTask<byte[]> ReceiveAsync(int from, CancellationToken cancellationToken)
        {
            try
            {
                return await network._queues[from, self].Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                throw new PartyUnavailableException(from, "it is down");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new PartyUnavailableException(from, "no message within the round timeout");
            }
        }
    }
}
