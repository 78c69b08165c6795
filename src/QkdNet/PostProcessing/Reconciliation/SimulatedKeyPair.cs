using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// Alice's and Bob's keys as a binary symmetric channel would leave them, for simulations,
/// benchmarks and tests only: the bits come from a caller-seeded <see cref="Random"/> so a run can
/// be reproduced; never use these keys for anything secret.
/// </summary>
internal static class SimulatedKeyPair
{
    /// <summary>
    /// A random key of <paramref name="n"/> bits and a copy with each bit flipped independently
    /// with probability <paramref name="qber"/>; also returns the number of flipped bits.
    /// </summary>
    public static (BitString Alice, BitString Bob, int Errors) Create(int n, double qber, Random seededRandom)
    {
        ArgumentNullException.ThrowIfNull(seededRandom);
        var words = new ulong[BitString.WordCount(n)];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = (ulong)seededRandom.NextInt64() ^ ((ulong)seededRandom.Next() << 63);
        }

        BitString alice = BitString.FromWords(words, n);
        BitString bob = alice.Clone();
        int errors = 0;
        if (qber > 0)
        {
            // Geometric gaps between errors: one random draw per error, not per bit.
            double logKeep = Math.Log(1 - qber);
            long position = -1;
            while (true)
            {
                position += 1 + (long)Math.Floor(Math.Log(1 - seededRandom.NextDouble()) / logKeep);
                if (position >= n)
                {
                    break;
                }

                bob.Flip((int)position);
                errors++;
            }
        }

        return (alice, bob, errors);
    }
}
