using System.Security.Cryptography;
using QkdNet.KeyManagement;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// An <see cref="IPadSource"/> over keys held in memory (tests, benchmarks, a run's pre-filled pool).
/// Keys are used in the order added; a take is served by the first key with enough bytes left, so a
/// key's tail still serves smaller messages. Bytes handed out are zeroed here. Thread-safe.
/// </summary>
public sealed class InMemoryPadSource : IPadSource, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _keys = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Unused pad bytes held, over all keys.</summary>
    public long BytesAvailable
    {
        get
        {
            lock (_gate)
            {
                long total = 0;
                foreach (Entry e in _keys)
                {
                    total += e.Bytes.Length - e.Next;
                }

                return total;
            }
        }
    }

    /// <summary>Adds a copy of key <paramref name="keyId"/>'s bytes (the caller clears its own copy) and wakes waiters.</summary>
    public void Add(KeyId keyId, ReadOnlySpan<byte> key)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _keys.Add(new Entry(keyId, key.ToArray()));
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    /// <inheritdoc/>
    public bool TryTake(Span<byte> destination, out PadSegment segment)
    {
        lock (_gate)
        {
            for (int i = 0; i < _keys.Count; i++)
            {
                Entry e = _keys[i];
                if (e.Bytes.Length - e.Next < destination.Length)
                {
                    continue;
                }

                Span<byte> taken = e.Bytes.AsSpan(e.Next, destination.Length);
                taken.CopyTo(destination);
                CryptographicOperations.ZeroMemory(taken);
                segment = new PadSegment(e.KeyId, e.Next, destination.Length);
                e.Next += destination.Length;
                if (e.Next == e.Bytes.Length)
                {
                    _keys.RemoveAt(i);
                }

                return true;
            }
        }

        segment = default;
        return false;
    }

    /// <inheritdoc/>
    public ValueTask WaitForPadAsync(CancellationToken cancellationToken)
    {
        Task arrived;
        lock (_gate)
        {
            arrived = _arrived.Task;
        }

        return new ValueTask(arrived.WaitAsync(cancellationToken));
    }

    /// <summary>Zeroes every key still held.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (Entry e in _keys)
            {
                CryptographicOperations.ZeroMemory(e.Bytes);
            }

            _keys.Clear();
        }
    }

    /// <summary>The pad bytes held and their count only, never the bytes.</summary>
    public override string ToString() => $"InMemoryPadSource({BytesAvailable} bytes)";

    private sealed class Entry(KeyId keyId, byte[] bytes)
    {
        public KeyId KeyId { get; } = keyId;

        public byte[] Bytes { get; } = bytes;

        public int Next { get; set; }
    }
}
