using QkdNet.Primitives;
using QkdNet.Quantum.Detections;
using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.Simulation;

/// <summary>Collects detections into growable packed arrays and builds the two records.</summary>
internal sealed class RecordBuilder
{
    private long[] _slots;
    private byte[] _intensities;
    private ulong[] _aliceBits, _aliceBases, _bobBits, _bobBases;
    private int _count;
    private int _doubleClicks;

    private readonly SlotStorage? _storage;

    public RecordBuilder(int capacity, SlotStorage? storage = null)
    {
        capacity = Math.Max(64, capacity);
        _storage = storage;
        _slots = storage?.Rent(capacity) ?? new long[capacity];
        _intensities = new byte[capacity];
        int words = BitString.WordCount(capacity);
        _aliceBits = new ulong[words];
        _aliceBases = new ulong[words];
        _bobBits = new ulong[words];
        _bobBases = new ulong[words];
    }

    public void Add(long slot, int aliceBit, int aliceBasis, Intensity intensity, int bobBit, int bobBasis, bool doubleClick)
    {
        if (_count == _slots.Length)
        {
            Grow();
        }

        int i = _count++;
        _slots[i] = slot;
        _intensities[i] = (byte)intensity;
        int w = i >> 6, b = i & 63;
        _aliceBits[w] |= (ulong)aliceBit << b;
        _aliceBases[w] |= (ulong)aliceBasis << b;
        _bobBits[w] |= (ulong)bobBit << b;
        _bobBases[w] |= (ulong)bobBasis << b;
        if (doubleClick)
        {
            _doubleClicks++;
        }
    }

    public SimulationOutcome Build(RunCounts counts, long pulses, bool keyGrade)
    {
        // One slot array for both records, not copied: at 4e6 detections a block's copies were 64 MB of large objects.
        ReadOnlyMemory<long> slots = _slots.AsMemory(0, _count);
        _storage?.Keep(_slots);
        var intensities = new Intensity[_count];
        for (int i = 0; i < _count; i++)
        {
            intensities[i] = (Intensity)_intensities[i];
        }

        var alice = new AliceDetectionRecord(slots, Take(_aliceBits), Take(_aliceBases), intensities, [.. counts.Pulses], keyGrade);
        var bob = new BobDetectionRecord(slots, Take(_bobBits), Take(_bobBases), _doubleClicks, keyGrade);
        var measured = Enumerable.Range(0, 3)
            .Select(k => new MeasuredIntensity((Intensity)k, counts.Pulses[k], counts.Detections[k], counts.Sifted[k], counts.Errors[k]))
            .ToArray();
        Array.Clear(_aliceBits);
        Array.Clear(_bobBits);
        return new SimulationOutcome(alice, bob, pulses, measured);
    }

    private BitString Take(ulong[] words)
    {
        var exact = new ulong[BitString.WordCount(_count)];
        Array.Copy(words, exact, exact.Length);
        return BitString.FromWords(exact, _count);
    }

    private void Grow()
    {
        int capacity = (int)Math.Min(Array.MaxLength, _slots.Length * 2L);
        Array.Resize(ref _slots, capacity);
        Array.Resize(ref _intensities, capacity);
        int words = BitString.WordCount(capacity);
        _aliceBits = Resized(_aliceBits, words);
        _aliceBases = Resized(_aliceBases, words);
        _bobBits = Resized(_bobBits, words);
        _bobBases = Resized(_bobBases, words);
    }

    private static ulong[] Resized(ulong[] words, int length)
    {
        var bigger = new ulong[length];
        Array.Copy(words, bigger, words.Length);
        Array.Clear(words);
        return bigger;
    }
}
