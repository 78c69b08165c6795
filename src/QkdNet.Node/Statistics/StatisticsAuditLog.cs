using System.Text.Json;
using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Node.Statistics;

/// <summary>
/// The statistics server's audit log: one JSON line per upload, query and query part, hash-chained with the share
/// servers' chain (<see cref="ShareAuditChain"/>), so an edited or deleted line breaks every later hash. Records
/// hold names, roles, dataset, query text and what was revealed, never a share or a key. Thread-safe.
/// </summary>
public sealed class StatisticsAuditLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;
    private readonly List<ShareAuditRecord> _records = [];

    /// <summary>Opens (appends to) <paramref name="path"/>; earlier records are read back to continue the chain.</summary>
    public StatisticsAuditLog(string path, TimeProvider time)
    {
        _time = time;
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path))
            {
                if (JsonSerializer.Deserialize<ShareAuditRecord>(line) is { } record)
                {
                    _records.Add(record);
                }
            }
        }

        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    /// <summary>Appends one record.</summary>
    public void Append(ShareAuditEvent entry)
    {
        lock (_records)
        {
            ShareAuditRecord record = ShareAuditChain.Next(_records.Count == 0 ? null : _records[^1], _time.GetUtcNow(), entry);
            _records.Add(record);
            _writer.WriteLine(JsonSerializer.Serialize(record));
        }
    }

    /// <summary>The records after sequence <paramref name="after"/> (at most <paramref name="limit"/>), and the first broken link, if any.</summary>
    public (IReadOnlyList<ShareAuditRecord> Records, long? BrokenAt) Read(long after, int limit)
    {
        lock (_records)
        {
            return ([.. _records.Where(r => r.Sequence > after).Take(Math.Clamp(limit, 1, 10_000))], ShareAuditChain.FirstBroken(_records));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
