using QkdNet.Primitives;
using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.Simulation;

/// <summary>
/// Alice's side of the raw record: for every slot in which Bob reported a detection, the bit,
/// basis (0 = Z, 1 = X) and intensity she sent; plus how many pulses of each intensity she sent in
/// all. The bits are secret; bases and intensities are announced during post-processing.
/// </summary>
public sealed class AliceDetectionRecord
{
    internal AliceDetectionRecord(long[] slots, BitString bits, BitString bases, Intensity[] intensities, long[] pulsesPerIntensity, bool keyGrade)
    {
        Slots = slots;
        Bits = bits;
        Bases = bases;
        Intensities = intensities;
        PulsesPerIntensity = pulsesPerIntensity;
        IsKeyGrade = keyGrade;
    }

    /// <summary>Time-slot index of each detection, increasing.</summary>
    public long[] Slots { get; }

    /// <summary>Alice's bit value per detection (secret).</summary>
    public BitString Bits { get; }

    /// <summary>Alice's basis per detection: 0 = Z (rectilinear), 1 = X (diagonal).</summary>
    public BitString Bases { get; }

    /// <summary>Intensity of the pulse per detection.</summary>
    public Intensity[] Intensities { get; }

    /// <summary>Pulses Alice sent of each intensity (indexed by <see cref="Intensity"/>).</summary>
    public long[] PulsesPerIntensity { get; }

    /// <summary>True only when the bits and bases came from a cryptographic generator.</summary>
    public bool IsKeyGrade { get; }

    /// <summary>Number of detections.</summary>
    public int Count => Slots.Length;

    /// <summary>Shows counts only, never bits.</summary>
    public override string ToString() => $"AliceDetectionRecord({Count} detections, key-grade {IsKeyGrade})";
}

/// <summary>Bob's side of the raw record: slot, measured bit and measurement basis of each detection.</summary>
public sealed class BobDetectionRecord
{
    internal BobDetectionRecord(long[] slots, BitString bits, BitString bases, int doubleClicks, bool keyGrade)
    {
        IsKeyGrade = keyGrade;
        Slots = slots;
        Bits = bits;
        Bases = bases;
        DoubleClicks = doubleClicks;
    }

    /// <summary>Time-slot index of each detection, increasing.</summary>
    public long[] Slots { get; }

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
