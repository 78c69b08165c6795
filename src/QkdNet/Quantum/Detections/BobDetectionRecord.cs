using QkdNet.Primitives;

namespace QkdNet.Quantum.Detections;

/// <summary>
/// Bob's side of the raw record, as any source produces it (the pulse simulator or a device adapter reading a real
/// receiver): slot, measured bit and measurement basis of each detection. The record takes ownership of what it is given.
/// </summary>
public sealed class BobDetectionRecord
{
    /// <summary>Checks and wraps one block of Bob's detections.</summary>
    /// <param name="slots">Time-slot index of each detection, strictly increasing, none negative.</param>
    /// <param name="bits">Bob's measured bit per detection, one per slot.</param>
    /// <param name="bases">Bob's measurement basis per detection, one per slot.</param>
    /// <param name="doubleClicks">Detections in which both detectors clicked (each squashed to a random bit).</param>
    /// <param name="keyGrade">True only when the basis choices came from a cryptographic generator.</param>
    /// <exception cref="ArgumentException">The parts do not describe one consistent block.</exception>
    public BobDetectionRecord(ReadOnlyMemory<long> slots, BitString bits, BitString bases, int doubleClicks, bool keyGrade)
    {
        DetectionRecordChecks.Slots(slots.Span, nameof(slots));
        DetectionRecordChecks.SameCount(slots.Length, bits, nameof(bits));
        DetectionRecordChecks.SameCount(slots.Length, bases, nameof(bases));
        if (doubleClicks < 0 || doubleClicks > slots.Length)
        {
            throw new ArgumentException($"{doubleClicks} double clicks among {slots.Length} detections is not possible.", nameof(doubleClicks));
        }

        IsKeyGrade = keyGrade;
        Slots = slots;
        Bits = bits;
        Bases = bases;
        DoubleClicks = doubleClicks;
    }

    /// <summary>Time-slot index of each detection, increasing.</summary>
    public ReadOnlyMemory<long> Slots { get; }

    /// <summary>Bob's measured bit per detection (a random bit for a double click).</summary>
    public BitString Bits { get; }

    /// <summary>Bob's measurement basis per detection: 0 = Z, 1 = X.</summary>
    public BitString Bases { get; }

    /// <summary>Detections in which both detectors clicked (squashed to a random bit).</summary>
    public int DoubleClicks { get; }

    /// <summary>True only when the basis choices came from a cryptographic generator.</summary>
    public bool IsKeyGrade { get; }

    /// <summary>Number of detections.</summary>
    public int Count => Slots.Length;

    /// <summary>Shows counts only, never bits.</summary>
    public override string ToString() => $"BobDetectionRecord({Count} detections)";
}
