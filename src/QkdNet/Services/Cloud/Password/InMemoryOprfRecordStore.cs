namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Records in memory (an embedded share server, tests): gone when the process ends. Records are copied in and out, so
/// a caller's disposal never zeroes a stored record; replaced and removed records are zeroed. Thread-safe (one lock).
/// </summary>
public sealed class InMemoryOprfRecordStore : IOprfRecordStore, IDisposable
{
    private readonly Dictionary<UserId, OprfServerRecord> _records = [];
    private readonly Lock _lock = new();

    public OprfServerRecord? Get(UserId user)
    {
        lock (_lock)
        {
            return _records.TryGetValue(user, out var record) ? record.Copy() : null;
        }
    }

    public bool TryAdd(OprfServerRecord record)
    {
        lock (_lock)
        {
            if (_records.ContainsKey(record.User))
            {
                return false;
            }

            _records.Add(record.User, record.Copy());
            return true;
        }
    }

    public bool TryReplace(long expectedEpoch, OprfServerRecord replacement)
    {
        lock (_lock)
        {
            if (!_records.TryGetValue(replacement.User, out var current) || current.Epoch != expectedEpoch)
            {
                return false;
            }

            _records[replacement.User] = replacement.Copy();
            current.Dispose();
            return true;
        }
    }

    public bool TryRemove(UserId user, long expectedEpoch)
    {
        lock (_lock)
        {
            if (!_records.TryGetValue(user, out var current) || current.Epoch != expectedEpoch)
            {
                return false;
            }

            _records.Remove(user);
            current.Dispose();
            return true;
        }
    }

    /// <summary>Zeroes every record.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var record in _records.Values)
            {
                record.Dispose();
            }

            _records.Clear();
        }
    }
}
