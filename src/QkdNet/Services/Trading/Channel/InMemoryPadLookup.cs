using System.Security.Cryptography;
using QkdNet.KeyManagement;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// An <see cref="IPadLookup"/> over keys held in memory (tests, benchmarks, a run's pre-filled pool).
/// Each key remembers how far it has been consumed; consumed bytes are zeroed and never read again.
/// Thread-safe.
/// </summary>
public sealed class InMemoryPadLookup : IPadLookup, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<KeyId, Entry> _keys = [];

    /// <summary>Adds a copy of key <paramref name="keyId"/>'s bytes (the caller clears its own copy); false if the ID is held already.</summary>
    public bool Add(KeyId keyId, ReadOnlySpan<byte> key)
    {
        lock (_gate)
        {
            return _keys.TryAdd(keyId, new Entry(key.ToArray()));
        }
    }

    /// <summary>
    /// Adds <paramref name="key"/> itself, without a copy: the lookup owns the array from then on and zeroes it as it is
    /// consumed (or at once when the ID is there already, false then).
    /// </summary>
    internal bool AddOwned(KeyId keyId, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_keys.TryAdd(keyId, new Entry(key)))
            {
                return true;
            }
        }

        CryptographicOperations.ZeroMemory(key);
        return false;
    }

    /// <summary>Keys held now (consumed ones included until removed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _keys.Count;
            }
        }
    }

    /// <summary>Zeroes and forgets key <paramref name="keyId"/>, used or not; false if it was not held.</summary>
    public bool Remove(KeyId keyId)
    {
        lock (_gate)
        {
            if (!_keys.Remove(keyId, out Entry? e))
            {
                return false;
            }

            CryptographicOperations.ZeroMemory(e.Bytes);
            return true;
        }
    }

    /// <inheritdoc/>
    public PadLookupStatus TryRead(PadSegment segment, Span<byte> destination)
    {
        if (destination.Length != segment.Length)
        {
            throw new ArgumentException("The destination must be exactly the segment's length.", nameof(destination));
        }

        lock (_gate)
        {
            if (!_keys.TryGetValue(segment.KeyId, out Entry? e))
            {
                return PadLookupStatus.UnknownKey;
            }

            if (segment.Offset < 0 || segment.Length < 0 || segment.End > e.Length)
            {
                return PadLookupStatus.OutOfRange;
            }

            if (segment.Offset < e.Consumed)
            {
                return PadLookupStatus.AlreadyUsed;
            }

            if (segment.Length > 0)
            {
                e.Bytes.AsSpan((int)segment.Offset, segment.Length).CopyTo(destination);
            }

            return PadLookupStatus.Found;
        }
    }

    /// <inheritdoc/>
    public void Consume(PadSegment segment)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(segment.KeyId, out Entry? e))
            {
                return;
            }

            int end = (int)Math.Min(segment.End, e.Length);
            if (end > e.Consumed)
            {
                CryptographicOperations.ZeroMemory(e.Bytes.AsSpan(e.Consumed, end - e.Consumed));
                e.Consumed = end;
            }

            if (e.Consumed == e.Length)
            {
                // Keep the ID and length, so a late reference is still AlreadyUsed, but not the bytes.
                e.Bytes = [];
            }
        }
    }

    /// <summary>Zeroes every key still held.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (Entry e in _keys.Values)
            {
                CryptographicOperations.ZeroMemory(e.Bytes);
            }

            _keys.Clear();
        }
    }

    /// <summary>The number of keys only, never the bytes.</summary>
    public override string ToString()
    {
        lock (_gate)
        {
            return $"InMemoryPadLookup({_keys.Count} keys)";
        }
    }

    private sealed class Entry(byte[] bytes)
    {
        public int Length { get; } = bytes.Length;

        public byte[] Bytes { get; set; } = bytes;

        public int Consumed { get; set; }
    }
}
