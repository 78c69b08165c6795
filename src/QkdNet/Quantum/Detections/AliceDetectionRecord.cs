using QkdNet.Primitives;
using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.Detections;

/// <summary>
/// Alice's side of the raw record, as any source produces it (the pulse simulator or a device adapter reading a real
/// transmitter): for every slot in which Bob reported a detection, the bit, basis (0 = Z, 1 = X) and intensity she
/// sent; plus how many pulses of each intensity she sent in all. The bits are secret; bases and intensities are
/// announced during post-processing. The record takes ownership of what it is given (the slots may be shared with Bob's record of the same block: they
/// are read-only here).
/// </summary>
public sealed class AliceDetectionRecord
{
    /// <summary>Checks and wraps one block of Alice's detections.</summary>
    /// <param name="slots">Time-slot index of each detection, strictly increasing, none negative.</param>
    /// <param name="bits">Alice's bit per detection (secret), one per slot.</param>
    /// <param name="bases">Alice's basis per detection, one per slot.</param>
    /// <param name="intensities">The intensity of each detected pulse, one per slot.</param>
    /// <param name="pulsesPerIntensity">Pulses sent of each intensity, indexed by <see cref="Intensity"/>, one entry per intensity.</param>
    /// <param name="keyGrade">True only when the bits and bases came from a cryptographic generator.</param>
    /// <exception cref="ArgumentException">The parts do not describe one consistent block.</exception>
    public AliceDetectionRecord(ReadOnlyMemory<long> slots, BitString bits, BitString bases, Intensity[] intensities, long[] pulsesPerIntensity, bool keyGrade)
    {
        DetectionRecordChecks.Slots(slots.Span, nameof(slots));
        DetectionRecordChecks.SameCount(slots.Length, bits, nameof(bits));
        DetectionRecordChecks.SameCount(slots.Length, bases, nameof(bases));
        ArgumentNullException.ThrowIfNull(intensities);
        ArgumentNullException.ThrowIfNull(pulsesPerIntensity);
        if (intensities.Length != slots.Length)
        {
            throw new ArgumentException($"{intensities.Length} intensities for {slots.Length} detections; there must be one per detection.", nameof(intensities));
        }

        int kinds = Enum.GetValues<Intensity>().Length;
        if (pulsesPerIntensity.Length != kinds)
        {
            throw new ArgumentException($"{pulsesPerIntensity.Length} pulse counts; there must be one per intensity ({kinds}).", nameof(pulsesPerIntensity));
        }

        if (pulsesPerIntensity.Any(p => p < 0))
        {
            throw new ArgumentException("A pulse count is negative.", nameof(pulsesPerIntensity));
        }

        var detected = new long[kinds];
        foreach (Intensity intensity in intensities)
        {
            if ((int)intensity >= kinds)
            {
                throw new ArgumentException($"Intensity {(int)intensity} is not one of the {kinds} known intensities.", nameof(intensities));
            }

            detected[(int)intensity]++;
        }

        for (int k = 0; k < kinds; k++)
        {
            if (detected[k] > pulsesPerIntensity[k])
            {
                throw new ArgumentException($"{detected[k]} detections of intensity {(Intensity)k} but only {pulsesPerIntensity[k]} such pulses sent.", nameof(pulsesPerIntensity));
            }
        }

        Slots = slots;
        Bits = bits;
        Bases = bases;
        Intensities = intensities;
        PulsesPerIntensity = pulsesPerIntensity;
        IsKeyGrade = keyGrade;
    }

    /// <summary>Time-slot index of each detection, increasing.</summary>
    public ReadOnlyMemory<long> Slots { get; }

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
