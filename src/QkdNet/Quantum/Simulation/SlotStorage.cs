namespace QkdNet.Quantum.Simulation;

/// <summary>
/// Storage for the slot indices of a simulator's runs, kept by a caller that runs one block at a time (a simulated
/// link), so that each block does not allocate a new large array: at 4e6 detections a block's slots are 32 MB. The
/// records of a run refer to this storage, so they are valid only until the next run that uses it. Slots are public
/// (both ends announce them), never key material. Not thread-safe: one run at a time.
/// </summary>
public sealed class SlotStorage
{
    private long[] _slots = [];

    /// <summary>An array of at least <paramref name="capacity"/> entries: the kept one when it is large enough.</summary>
    internal long[] Rent(int capacity)
    {
        if (_slots.Length < capacity)
        {
            _slots = new long[capacity];
        }

        return _slots;
    }

    /// <summary>Keeps <paramref name="slots"/> (the array a run ended with, grown or not) for the next run.</summary>
    internal void Keep(long[] slots) => _slots = slots;
}
