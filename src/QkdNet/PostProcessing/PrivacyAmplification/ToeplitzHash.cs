using QkdNet.Primitives;

namespace QkdNet.PostProcessing.PrivacyAmplification;

/// <summary>
/// Privacy amplification by Toeplitz hashing: the m-bit output y = T·x over GF(2) of the n-bit
/// input x, where T is the m-by-n Toeplitz matrix T[i, j] = seed[i - j + n - 1] given by an
/// (n + m - 1)-bit seed. Computed exactly, with no floating point.
/// </summary>
/// <remarks>
/// Random Toeplitz matrices form a 2-universal family (Mansour, Nisan and Tiwari, "The
/// computational complexity of universal hashing", STOC 1990; Krawczyk, CRYPTO 1994), so the
/// leftover hash lemma applies (Tomamichel et al., "Leftover hashing against quantum side
/// information", IEEE TIT 57, 2011). Since y_i = sum_j seed[i + n - 1 - j]·x_j, y is the window
/// of coefficients n-1 .. n+m-2 of the GF(2)[x] product seed(x)·x(x), which is how the fast
/// algorithms compute it. Pure and thread-safe.
/// </remarks>
public static class ToeplitzHash
{
    /// <summary>
    /// Input size in bits from which the additive FFT beats Karatsuba. Measured on the shared 2-core
    /// dev machine (m = n/2, best of 30, Mbit/s Karatsuba vs FFT): n = 32768: 262 vs 219;
    /// 49152: 251 vs 294; 65536: 182 vs 213; 98304: 198 vs 369; 10^6: 41 vs 207.
    /// </summary>
    internal const int FftThresholdBits = 40_000;

    /// <summary>Seed length in bits that an <paramref name="inputBits"/>-to-<paramref name="outputBits"/> hash needs: n + m - 1.</summary>
    public static int SeedBits(int inputBits, int outputBits)
    {
        Validate(inputBits, outputBits);
        return checked(inputBits + outputBits - 1);
    }

    /// <summary>
    /// The <paramref name="outputBits"/>-bit Toeplitz hash of <paramref name="input"/> under
    /// <paramref name="seed"/> (exactly <see cref="SeedBits"/> bits), by the fastest algorithm
    /// for the size.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes out of range or the seed not n + m - 1 bits.</exception>
    public static BitString Compute(BitString input, BitString seed, int outputBits)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Compute(input, seed, outputBits, ChooseAlgorithm(input.Length));
    }

    /// <summary>The hash by a chosen algorithm (tests and benchmarks compare them).</summary>
    internal static BitString Compute(BitString input, BitString seed, int outputBits, ToeplitzAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(seed);
        Validate(input.Length, outputBits);
        int seedBits = input.Length + outputBits - 1;
        if (seed.Length != seedBits)
        {
            throw new ArgumentException(
                $"A Toeplitz hash of {input.Length} bits to {outputBits} bits needs a seed of exactly {seedBits} bits (n + m - 1), not {seed.Length}.",
                nameof(seed));
        }

        return algorithm switch
        {
            ToeplitzAlgorithm.Naive => ToeplitzNaive.Compute(input, seed, outputBits),
            ToeplitzAlgorithm.Karatsuba => ViaProduct(input, seed, outputBits, CarrylessPolynomial.Multiply),
            ToeplitzAlgorithm.AdditiveFft => ViaProduct(input, seed, outputBits, AdditiveFftMultiplier.Multiply),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
    }

    /// <summary>Karatsuba below <see cref="FftThresholdBits"/> input bits, the additive FFT from there.</summary>
    internal static ToeplitzAlgorithm ChooseAlgorithm(int inputBits) =>
        inputBits >= FftThresholdBits ? ToeplitzAlgorithm.AdditiveFft : ToeplitzAlgorithm.Karatsuba;

    private static void Validate(int inputBits, int outputBits)
    {
        if (inputBits < 1)
        {
            throw new ArgumentException($"The input must have at least 1 bit, not {inputBits}.", nameof(inputBits));
        }

        if (outputBits < 1 || outputBits > inputBits)
        {
            throw new ArgumentException(
                $"The output must have between 1 and {inputBits} bits (the input length), not {outputBits}.", nameof(outputBits));
        }
    }

    private delegate void Multiplier(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> product);

    /// <summary>Multiplies seed by input and cuts out coefficients n-1 .. n+m-2.</summary>
    private static BitString ViaProduct(BitString input, BitString seed, int outputBits, Multiplier multiply)
    {
        int words = seed.ReadOnlyWords.Length + input.ReadOnlyWords.Length;
        ulong[] product = ToeplitzScratch.Rent(2, words);
        try
        {
            multiply(seed.ReadOnlyWords, input.ReadOnlyWords, product.AsSpan(0, words));
            return ExtractBits(product.AsSpan(0, words), input.Length - 1, outputBits);
        }
        finally
        {
            ToeplitzScratch.Return(2, product, words);
        }
    }

    /// <summary>Bits start .. start+count-1 of the packed <paramref name="words"/>.</summary>
    private static BitString ExtractBits(ReadOnlySpan<ulong> words, int start, int count)
    {
        var output = new BitString(count);
        Span<ulong> dest = output.Words;
        int first = start >> 6, shift = start & 63;
        for (int i = 0; i < dest.Length; i++)
        {
            ulong lo = words[first + i] >> shift;
            ulong hi = shift != 0 && first + i + 1 < words.Length ? words[first + i + 1] << (64 - shift) : 0UL;
            dest[i] = lo | hi;
        }

        int tail = count & 63;
        if (tail != 0)
        {
            dest[^1] &= (1UL << tail) - 1;
        }

        return output;
    }
}
