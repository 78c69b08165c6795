using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Statistics.Field;

namespace QkdNet.Services.Statistics.Randomness;

/// <summary>
/// Pseudo-random secret sharing (Cramer, Damgard, Ishai, "Share conversion, pseudorandom secret-sharing and
/// applications to secure computation", TCC 2005, Sec. 3 and 4): for every set A of n - t parties there is a key r_A
/// known exactly to the members of A, and f_A is the degree-t polynomial with f_A(0) = 1 and f_A(j) = 0 for every j
/// outside A. Party i's share of a fresh random value is sum over A containing i of PRF(r_A, counter) * f_A(i), a
/// degree-t Shamir sharing of sum_A PRF(r_A, counter), which any t parties (who miss at least one set) cannot predict.
/// Zero sharings of degree 2t (ibid., Sec. 5, "PRZS") add x^l terms, l = 1..t. No interaction per value: the parties
/// only have to call in the same order, which the engine's single program guarantees. The sets are drawn from the
/// parties taking part in the computation (a party that is down is left out, and f_A vanishes on the other active
/// parties outside A, so the degree stays t).
/// The PRF is AES-256 in counter mode (<see cref="AesCtrRandomness"/>), one key per set, nonce = call counter.
/// Not thread-safe; <see cref="Dispose"/> destroys the keys.
/// </summary>
public sealed class Prss : IDisposable
{
    private readonly List<(AesCtrRandomness Prf, ulong FAtSelf)> _sets = [];
    private readonly ulong _x;
    private readonly int _threshold;

    private Prss(int self, int threshold)
    {
        _x = FpShamir.Point(self);
        _threshold = threshold;
    }

    /// <summary>Number of sets of n - t among n parties, C(n, t): the factor in the range of <see cref="BoundedRandom"/>.</summary>
    public int SetCount { get; private set; }

    /// <summary>
    /// Derives the set keys. A set of two parties takes its key from their pairwise key (HMAC-SHA256 under it, labelled
    /// with the set); a larger set's key is drawn by its first member from <paramref name="local"/> and sent to the
    /// others one-time padded with their pairwise keys (the only setup message; <paramref name="send"/> carries it).
    /// </summary>
    internal static async Task<Prss> CreateAsync(
        int self, IReadOnlyList<int> active, int threshold, IPairwiseKeys keys, ShamirSharing.ShareRandomness local,
        Func<int, byte[], Task> send, Func<int, Task<byte[]>> receive)
    {
        var prss = new Prss(self, threshold);
        List<int[]> sets = Subsets(active, active.Count - threshold);
        prss.SetCount = sets.Count;
        foreach (int[] set in sets)
        {
            if (!set.Contains(self))
            {
                continue;
            }

            byte[] key = new byte[IPairwiseKeys.KeyBytes];
            if (set.Length == 2)
            {
                int other = set[0] == self ? set[1] : set[0];
                Pad(keys, other, set, key);
            }
            else if (set[0] == self)
            {
                local(key);
                byte[] pad = new byte[key.Length];
                foreach (int member in set.Skip(1))
                {
                    Pad(keys, member, set, pad);
                    for (int i = 0; i < pad.Length; i++)
                    {
                        pad[i] ^= key[i];
                    }

                    await send(member, pad).ConfigureAwait(false);
                    pad = new byte[key.Length];
                }
            }
            else
            {
                byte[] padded = await receive(set[0]).ConfigureAwait(false);
                Pad(keys, set[0], set, key);
                for (int i = 0; i < key.Length; i++)
                {
                    key[i] ^= padded[i];
                }

                CryptographicOperations.ZeroMemory(padded);
            }

            prss._sets.Add((new AesCtrRandomness(key), FOfSet(set, prss._x, active)));
            CryptographicOperations.ZeroMemory(key);
        }

        return prss;
    }

    /// <summary>This party's shares (degree t) of <paramref name="count"/> fresh uniformly random values.</summary>
    public ulong[] Random(int count) => Combine(count, bits: 61, zeroDegree: false);

    /// <summary>
    /// This party's shares (degree t) of <paramref name="count"/> random integers, each the sum of C(n, t) integers
    /// uniform on [0, 2^<paramref name="bits"/>), so in [0, C(n, t) 2^bits): a statistical mask for a value of
    /// fewer bits (the gap is the statistical security).
    /// </summary>
    public ulong[] BoundedRandom(int count, int bits) => Combine(count, bits, zeroDegree: false);

    /// <summary>This party's shares of <paramref name="count"/> zeros as random polynomials of degree 2t.</summary>
    public ulong[] Zero(int count) => Combine(count, bits: 61, zeroDegree: true);

    public void Dispose()
    {
        foreach (var (prf, _) in _sets)
        {
            prf.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong[] Combine(int count, int bits, bool zeroDegree)
    {
        int terms = zeroDegree ? _threshold : 1;
        var result = new ulong[count];
        var bytes = new byte[count * terms * sizeof(ulong)];

        // The keystream read as little-endian words in place (every member of a set must read the same values).
        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan());
        ulong mask = bits >= 61 ? Fp61.P : (1UL << bits) - 1;
        foreach (var (prf, fAtSelf) in _sets)
        {
            prf.Fill(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(words, words);
            }

            if (zeroDegree)
            {
                for (int i = 0; i < count; i++)
                {
                    // sum_{l=1..t} R_l x^l: a polynomial of degree t vanishing at 0; times f_A(x): degree 2t.
                    ulong value = 0;
                    ulong power = 1;
                    for (int l = 0; l < terms; l++)
                    {
                        power = Fp61.Mul(power, _x);
                        value = Fp61.Add(value, Fp61.Mul(Fp61.FromRandomBits(words[(i * terms) + l]), power));
                    }

                    result[i] = Fp61.Add(result[i], Fp61.Mul(value, fAtSelf));
                }
            }
            else if (bits >= 61)
            {
                for (int i = 0; i < count; i++)
                {
                    result[i] = Fp61.Add(result[i], Fp61.Mul(Fp61.FromRandomBits(words[i]), fAtSelf));
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    result[i] = Fp61.Add(result[i], Fp61.Mul(words[i] & mask, fAtSelf));
                }
            }
        }

        CryptographicOperations.ZeroMemory(bytes);
        return result;
    }

    // f_A(x) = prod over j outside A of (x_j - x) / x_j: degree t, 1 at 0, 0 at every point outside A.
    private static ulong FOfSet(int[] set, ulong x, IReadOnlyList<int> active)
    {
        ulong value = 1;
        foreach (int j in active)
        {
            if (Array.IndexOf(set, j) >= 0)
            {
                continue;
            }

            ulong xj = FpShamir.Point(j);
            value = Fp61.Mul(value, Fp61.Mul(Fp61.Sub(xj, x), Fp61.Inverse(xj)));
        }

        return value;
    }

    private static void Pad(IPairwiseKeys keys, int other, int[] set, Span<byte> destination)
    {
        Span<byte> pairwise = stackalloc byte[IPairwiseKeys.KeyBytes];
        keys.CopyKey(other, pairwise);
        byte[] label = Encoding.ASCII.GetBytes("QkdNet PRSS set " + string.Join(',', set));
        HMACSHA256.HashData(pairwise, label, destination);
        CryptographicOperations.ZeroMemory(pairwise);
    }

    private static List<int[]> Subsets(IReadOnlyList<int> members, int size)
    {
        var result = new List<int[]>();
        var current = new int[size];
        void Recurse(int start, int depth)
        {
            if (depth == size)
            {
                result.Add((int[])current.Clone());
                return;
            }

            for (int i = start; i < members.Count; i++)
            {
                current[depth] = members[i];
                Recurse(i + 1, depth + 1);
            }
        }

        Recurse(0, 0);
        return result;
    }
}
