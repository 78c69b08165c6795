using System.Collections.Concurrent;
using System.Threading.Channels;

namespace QkdNet.Node.Statistics;

/// <summary>
/// The messages peers have sent this server, one FIFO queue per (query, sending party), created by whichever comes
/// first: the message or the query (a peer may start before this server has heard of the query). A party that stops
/// closes its queues here (<see cref="Close"/>), so this server stops waiting for it at once. Queues of finished
/// queries are dropped; ones nobody claimed are swept after <see cref="Lifetime"/>. With a record folder (tests of a
/// server's view) every delivered message is also appended to <c>QUERY/from-I.bin</c> there. Thread-safe.
/// </summary>
public sealed class PeerMailboxes(TimeProvider time, string? recordDirectory = null)
{
    /// <summary>How long an unclaimed or finished query's queues are kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string Query, int From), Mailbox> _boxes = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _finished = new(StringComparer.Ordinal);

    /// <summary>The queue of messages from <paramref name="from"/> in query <paramref name="query"/>.</summary>
    public ChannelReader<byte[]> Reader(string query, int from) => Box(query, from).Channel.Reader;

    /// <summary>Queues a message; false when the query has finished here (the message is dropped).</summary>
    public bool Deliver(string query, int from, byte[] payload)
    {
        if (_finished.ContainsKey(query))
        {
            return false;
        }

        Mailbox box = Box(query, from);
        if (recordDirectory is not null && query.Length == 32 && query.All(char.IsAsciiHexDigitLower))
        {
            // recorded before the message is queued, so a test that saw the query end finds every message on disk (a
            // message refused below, after its sender closed the queue, is recorded too); one sender's messages arrive
            // in order (it awaits each), so appends per file keep the order
            string folder = Path.Combine(recordDirectory, query);
            Directory.CreateDirectory(folder);
            using var file = new FileStream(Path.Combine(folder, $"from-{from}.bin"), FileMode.Append, FileAccess.Write);
            file.Write(payload);
        }

        return box.Channel.Writer.TryWrite(payload);
    }

    /// <summary>Party <paramref name="from"/> stopped query <paramref name="query"/>: waiting for its messages ends.</summary>
    public void Close(string query, int from) => Box(query, from).Channel.Writer.TryComplete();

    /// <summary>Drops the query's queues and refuses its later messages; sweeps stale queues.</summary>
    public void Finish(string query)
    {
        DateTimeOffset now = time.GetUtcNow();
        _finished[query] = now;
        foreach (var key in _boxes.Keys.Where(k => k.Query == query))
        {
            _boxes.TryRemove(key, out _);
        }

        foreach (var (key, box) in _boxes.Where(p => now - p.Value.Created > Lifetime))
        {
            _boxes.TryRemove(key, out _);
        }

        foreach (var (key, at) in _finished.Where(p => now - p.Value > Lifetime))
        {
            _finished.TryRemove(key, out _);
        }
    }

    private Mailbox Box(string query, int from) =>
        _boxes.GetOrAdd((query, from), _ => new Mailbox(Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true }), time.GetUtcNow()));

    private sealed record Mailbox(Channel<byte[]> Channel, DateTimeOffset Created);
}
