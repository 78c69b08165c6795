using System.Buffers.Binary;
using QkdNet.Primitives;
using QkdNet.Primitives.SecretSharing;

namespace QkdNet.Services.Statistics.Randomness;

/// <summary>
/// A reproducible stand-in for a party's private randomness (xoshiro256** from a seed), so that a test or a benchmark
/// can replay a run. NEVER for real data: whoever knows the seed knows every resharing polynomial.
/// </summary>
public static class SeededShareRandomness
{
    public static ShamirSharing.ShareRandomness Create(ulong seed)
    {
        var box = new Xoshiro256StarStar[]
        {
            new(Xoshiro256StarStar.SplitMix(seed), Xoshiro256StarStar.SplitMix(seed + 1), Xoshiro256StarStar.SplitMix(seed + 2), Xoshiro256StarStar.SplitMix(seed + 3)),
        };
        return destination =>
        {
            int i = 0;
            for (; i + 8 <= destination.Length; i += 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], box[0].Next());
            }

            if (i < destination.Length)
            {
                Span<byte> last = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(last, box[0].Next());
                last[..(destination.Length - i)].CopyTo(destination[i..]);
            }
        };
    }
}
