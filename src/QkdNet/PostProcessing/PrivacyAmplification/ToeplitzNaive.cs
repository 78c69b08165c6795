using QkdNet.Primitives;

namespace QkdNet.PostProcessing.PrivacyAmplification;

/// <summary>The Toeplitz matrix-vector product straight from the definition; the tests' reference.</summary>
internal static class ToeplitzNaive
{
    /// <summary>y_i = XOR over j of T[i, j]·x_j with T[i, j] = seed[i - j + n - 1].</summary>
    internal static BitString Compute(BitString input, BitString seed, int outputBits)
    {
        int n = input.Length;
        var output = new BitString(outputBits);
        for (int i = 0; i < outputBits; i++)
        {
            int bit = 0;
            for (int j = 0; j < n; j++)
            {
                bit ^= seed.Bit(i - j + n - 1) & input.Bit(j);
            }

            output[i] = bit != 0;
        }

        return output;
    }
}
