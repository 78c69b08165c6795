using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The sending end's pad from its own KME: keys come out of a <see cref="KeyBuffer"/> (fetched ahead with
/// <c>enc_keys</c>, so no KME call on a message's path) and are used only once the peer has said it holds them
/// (<see cref="MarkReady"/>, after its <see cref="SlaveKeyBuffer"/> fetched the announced batch). So a message never
/// names a key the receiver has not fetched yet; a key whose batch the peer could not fetch is simply never used.
/// Each key's bytes are used in order; when the tail of a key is too short for the next message it is zeroed and
/// counted in <see cref="WastedBits"/> (a segment never spans two keys, see <see cref="IPadSource"/>). Thread-safe.
/// </summary>
public sealed class AnnouncedPadSource : IPadSource, IDisposable
{
    private readonly KeyBuffer _buffer;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly HashSet<KeyId> _ready = [];
    private readonly HashSet<KeyId> _pending = [];
    private readonly Queue<DeliveredKey> _held = new();
    private readonly List<KeyId[]> _announced = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KeyId _currentId;
    private byte[] _current = [];
    private int _next;
    private long _drawnBits;
    private long _wastedBits;

    /// <summary>Pad taken from <paramref name="buffer"/> (this source subscribes to its announcements; the caller starts and disposes the buffer).</summary>
    public AnnouncedPadSource(KeyBuffer buffer, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffer = buffer;
        _time = time ?? TimeProvider.System;
        _buffer.BatchAnnounced += OnBatchAnnounced;
    }

    /// <summary>A batch of key IDs to tell the peer (raised on the buffer's refilling thread; keep the handler short).</summary>
    public event Action<IReadOnlyList<KeyId>>? Announce;

    /// <summary>Bits of key drawn from the buffer into use (whole keys, including tails wasted).</summary>
    public long DrawnBits => Interlocked.Read(ref _drawnBits);

    /// <summary>Bits of key tails too short for a message, zeroed unused.</summary>
    public long WastedBits => Interlocked.Read(ref _wastedBits);

    /// <summary>The batches announced whose keys the peer has not all confirmed (to announce again after a reconnect).</summary>
    public IReadOnlyList<KeyId[]> Unacknowledged()
    {
        lock (_gate)
        {
            return [.. _announced];
        }
    }

    /// <summary>The peer holds <paramref name="ids"/>: their keys may be used now.</summary>
    public void MarkReady(IReadOnlyList<KeyId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        TaskCompletionSource arrived;
        lock (_gate)
        {
            // only IDs still awaited count: a confirmation repeated after a reconnect, or for a key never announced, is ignored
            foreach (KeyId id in ids)
            {
                if (_pending.Remove(id))
                {
                    _ready.Add(id);
                }
            }

            _announced.RemoveAll(batch => !Array.Exists(batch, _pending.Contains));
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    /// <summary>
    /// The peer process restarted: the keys it had confirmed were fetched by the old process (a KME hands a key to its
    /// slave once), so the new one can never hold them. They are zeroed and counted in <see cref="WastedBits"/>, with
    /// the rest of the key in use; batches still awaiting confirmation stay, to be announced to the new process.
    /// </summary>
    /// <returns>The bits of key dropped.</returns>
    public long PeerRestarted()
    {
        lock (_gate)
        {
            long dropped = 8L * (_current.Length - _next);
            CryptographicOperations.ZeroMemory(_current);
            _current = [];
            _next = 0;
            var keep = new Queue<DeliveredKey>();
            while (_held.TryDequeue(out DeliveredKey? held))
            {
                dropped += Keep(held, keep);
            }

            // the confirmed keys still in the buffer lie at its head (batches are confirmed in the order they were announced)
            while (_ready.Count > 0 && _buffer.TryTake(out DeliveredKey? taken))
            {
                dropped += Keep(taken, keep);
            }

            while (keep.TryDequeue(out DeliveredKey? key))
            {
                _held.Enqueue(key);
            }

            _ready.Clear();
            Interlocked.Add(ref _wastedBits, dropped);
            return dropped;
        }
    }

    /// <inheritdoc/>
    public bool TryTake(Span<byte> destination, out PadSegment segment)
    {
        lock (_gate)
        {
            if (_current.Length - _next < destination.Length && !NextReadyKey(destination.Length))
            {
                segment = default;
                return false;
            }

            Span<byte> taken = _current.AsSpan(_next, destination.Length);
            taken.CopyTo(destination);
            CryptographicOperations.ZeroMemory(taken);
            segment = new PadSegment(_currentId, _next, destination.Length);
            _next += destination.Length;
            return true;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Completes when the peer confirms keys, or after 1 ms (the buffer may have refilled with keys confirmed earlier).</remarks>
    public ValueTask WaitForPadAsync(CancellationToken cancellationToken)
    {
        Task arrived;
        lock (_gate)
        {
            arrived = _arrived.Task;
        }

        return new ValueTask(Task.WhenAny(arrived, Task.Delay(TimeSpan.FromMilliseconds(1), _time, cancellationToken))
            .ContinueWith(t => cancellationToken.ThrowIfCancellationRequested(), cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
    }

    /// <summary>Zeroes the key in use and every key held back.</summary>
    public void Dispose()
    {
        _buffer.BatchAnnounced -= OnBatchAnnounced;
        lock (_gate)
        {
            CryptographicOperations.ZeroMemory(_current);
            _current = [];
            while (_held.TryDequeue(out DeliveredKey? key))
            {
                key.Material.Dispose();
            }
        }
    }

    /// <summary>Counts only, never key bytes.</summary>
    public override string ToString() => $"AnnouncedPadSource({DrawnBits} bits drawn, {WastedBits} wasted)";

    private void OnBatchAnnounced(IReadOnlyList<KeyId> ids)
    {
        lock (_gate)
        {
            _announced.Add([.. ids]);
            _pending.UnionWith(ids);
        }

        Announce?.Invoke(ids);
    }

    /// <summary>Zeroes <paramref name="key"/> if the old peer confirmed it (its bits returned), else keeps it in order.</summary>
    private long Keep(DeliveredKey key, Queue<DeliveredKey> keep)
    {
        if (!_ready.Remove(key.Id))
        {
            keep.Enqueue(key);
            return 0;
        }

        long bits = 8L * key.Material.Length;
        key.Material.Dispose();
        return bits;
    }

    /// <summary>Retires the key in use and moves to the next confirmed one with at least <paramref name="length"/> bytes.</summary>
    private bool NextReadyKey(int length)
    {
        while (true)
        {
            if (_held.Count == 0)
            {
                if (!_buffer.TryTake(out DeliveredKey? taken))
                {
                    return false;
                }

                _held.Enqueue(taken);
            }

            DeliveredKey head = _held.Peek();
            if (!_ready.Contains(head.Id))
            {
                // The peer confirms batches in the order they were announced, which is the order keys leave the buffer:
                // a later key confirmed while this one is not means the peer dropped this one's batch.
                if (_ready.Count == 0)
                {
                    return false;
                }

                _held.Dequeue();
                Interlocked.Add(ref _wastedBits, 8L * head.Material.Length);
                head.Material.Dispose();
                continue;
            }

            _held.Dequeue();
            _ready.Remove(head.Id);
            Interlocked.Add(ref _wastedBits, 8L * (_current.Length - _next));
            CryptographicOperations.ZeroMemory(_current);
            // the key's own bytes, not a copy (zeroed as they are taken, and the rest when the key is retired)
            _current = head.Material.ReleaseOwnership();
            _currentId = head.Id;
            _next = 0;
            Interlocked.Add(ref _drawnBits, 8L * _current.Length);
            if (_current.Length >= length)
            {
                return true;
            }
        }
    }
}
