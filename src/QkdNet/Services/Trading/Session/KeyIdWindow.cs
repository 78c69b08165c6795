using QkdNet.KeyManagement;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// The most recent key IDs seen, each with a flag, up to a fixed number: adding one past the capacity forgets the
/// oldest, so a long-running session's memory stays bounded however many keys it goes through. Key IDs are not
/// secret. Not thread-safe (the owner locks).
/// </summary>
internal sealed class KeyIdWindow
{
    private readonly int _capacity;
    private readonly Dictionary<KeyId, bool> _flags = [];
    private readonly Queue<KeyId> _order = new();

    /// <summary>A window remembering at most <paramref name="capacity"/> IDs (at least 1).</summary>
    public KeyIdWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>IDs remembered now (at most the capacity).</summary>
    public int Count => _flags.Count;

    /// <summary>Whether <paramref name="id"/> is remembered, and its flag.</summary>
    public bool TryGetValue(KeyId id, out bool flag) => _flags.TryGetValue(id, out flag);

    /// <summary>Whether <paramref name="id"/> is remembered.</summary>
    public bool Contains(KeyId id) => _flags.ContainsKey(id);

    /// <summary>Sets the flag of <paramref name="id"/>, remembering it as the newest if it was not remembered (forgetting the oldest past the capacity).</summary>
    public void Set(KeyId id, bool flag)
    {
        if (_flags.TryAdd(id, flag))
        {
            _order.Enqueue(id);
            if (_order.Count > _capacity)
            {
                _flags.Remove(_order.Dequeue());
            }
        }
        else
        {
            _flags[id] = flag;
        }
    }
}
