using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace QkdNet.PostProcessing.PrivacyAmplification;

/// <summary>
/// Per-thread scratch arrays for the Toeplitz product, kept between calls: a fresh 2.4 MB of
/// large-object-heap arrays per 1e6-bit hash caused gen-2 collections (BenchmarkDotNet,
/// ToeplitzBenchmarks with MemoryDiagnoser). The arrays hold key-derived data, so they never come
/// from <c>ArrayPool</c>: every use ends with <see cref="Return"/>, which zeroes the used words with
/// <see cref="CryptographicOperations.ZeroMemory"/>, and a cached array is all zeros between uses.
/// </summary>
/// <remarks>
/// An array is taken out of its slot while in use, so a nested or concurrent use on the same thread
/// gets a fresh array rather than sharing one. Thread-safe (one cache per thread).
/// </remarks>
internal static class ToeplitzScratch
{
    /// <summary>The FFT operands a and b, and the product.</summary>
    internal const int SlotCount = 3;

    /// <summary>
    /// Largest array cached per slot, in words (2 MiB): enough for the transforms of any hash of up to
    /// 2e6 + 2e6 bits; larger blocks allocate fresh, where the transform's own time dominates. This
    /// bounds memory held per thread (3 slots, 6 MiB), it is not a speed constant.
    /// </summary>
    internal const int MaxCachedWords = 1 << 18;

    [ThreadStatic]
    private static ulong[]?[]? t_slots;

    /// <summary>An all-zero array of at least <paramref name="words"/> words for slot <paramref name="slot"/>.</summary>
    public static ulong[] Rent(int slot, int words)
    {
        ulong[]?[] slots = t_slots ??= new ulong[]?[SlotCount];
        ulong[]? cached = slots[slot];
        if (cached is not null && cached.Length >= words)
        {
            slots[slot] = null;
            return cached;
        }

        return new ulong[words];
    }

    /// <summary>
    /// Zeroes words [0, <paramref name="usedWords"/>) of <paramref name="array"/> (the caller never
    /// writes past them) and keeps it for the next use on this thread if it is not too large.
    /// </summary>
    public static void Return(int slot, ulong[] array, int usedWords)
    {
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(array.AsSpan(0, usedWords)));
        if (array.Length > MaxCachedWords)
        {
            return;
        }

        ulong[]?[] slots = t_slots ??= new ulong[]?[SlotCount];
        if (slots[slot] is null || slots[slot]!.Length < array.Length)
        {
            slots[slot] = array;
        }
    }
}
