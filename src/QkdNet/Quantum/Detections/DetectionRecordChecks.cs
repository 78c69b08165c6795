using QkdNet.Primitives;

namespace QkdNet.Quantum.Detections;

/// <summary>The consistency checks both sides' records share; each failure names the part that is wrong.</summary>
internal static class DetectionRecordChecks
{
    /// <summary>Slots must be present, non-negative and strictly increasing (sifting pairs records slot by slot).</summary>
    public static void Slots(ReadOnlySpan<long> slots, string name)
    {
        long previous = -1;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] <= previous)
            {
                throw new ArgumentException(slots[i] < 0
                    ? $"Slot {slots[i]} at detection {i} is negative."
                    : $"Slot {slots[i]} at detection {i} does not follow slot {previous}; slots must strictly increase.", name);
            }

            previous = slots[i];
        }
    }

    /// <summary>A per-detection bit string must hold exactly one bit per slot.</summary>
    public static void SameCount(int detections, BitString bits, string name)
    {
        ArgumentNullException.ThrowIfNull(bits, name);
        if (bits.Length != detections)
        {
            throw new ArgumentException($"{bits.Length} bits for {detections} detections; there must be one per detection.", name);
        }
    }
}
