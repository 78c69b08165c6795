using QkdNet.Services.Statistics.Field;

namespace QkdNet.Services.Statistics.Protocol;

public sealed partial class PartyContext
{
    /// <summary>Most statistical security a comparison asks for: its mask hides the value up to 2^-40.</summary>
    public const int MaxStatisticalSecurity = 40;

    /// <summary>Least statistical security a comparison accepts; wider values are refused.</summary>
    public const int MinStatisticalSecurity = 24;

    /// <summary>
    /// The statistical security kappa a comparison of <paramref name="bits"/>-bit signed values gets: the masked value
    /// b + 2^m r'' + r' (b &lt; 2^k, r'' &lt; C(n,t) 2^(k + kappa - m)) must stay below p = 2^61 - 1, so
    /// kappa = 61 - k - ceil(log2(C(n,t) + 1)), at most 40.
    /// </summary>
    public int StatisticalSecurity(int bits) =>
        Math.Min(MaxStatisticalSecurity, 61 - bits - Fp61.BitLength((ulong)_prss.SetCount));

    /// <summary>
    /// Shares of <paramref name="count"/> uniformly random bits: a PRSS random r is squared and the square opened; with
    /// s = sqrt(r^2), r / s is +1 or -1 with probability 1/2 each, so (r / s + 1) / 2 is a random bit no party knows
    /// (Damgard, Fitzi, Kiltz, Nielsen, Toft, "Unconditionally secure constant-rounds multi-party computation for
    /// equality, comparison, bits and exponentiation", TCC 2006, Sec. 3.1). One round.
    /// </summary>
    public async Task<ulong[]> RandomBitsAsync(int count, CancellationToken cancellationToken = default)
    {
        ulong[] r = _prss.Random(count);
        var squares = new ulong[count];
        Fp61.Mul(r, r, squares);
        ulong[] opened = await OpenProductsAsync(squares, cancellationToken).ConfigureAwait(false);
        if (opened.AsSpan().IndexOf(0UL) >= 0)
        {
            // r = 0: probability 2^-61 per bit; the program cannot continue consistently, so it stops.
            throw new InvalidOperationException("a PRSS random value was 0 (probability 2^-61); run the query again.");
        }

        Fp61.SqrtInPlace(opened);
        Fp61.BatchInverse(opened);
        ulong half = Fp61.Inverse(2);
        var bits = squares; // reused: the squares were sent and are no longer needed
        for (int i = 0; i < count; i++)
        {
            bits[i] = Fp61.Mul(Fp61.Add(Fp61.Mul(r[i], opened[i]), 1), half);
        }

        Array.Clear(r);
        return bits;
    }

    /// <summary>
    /// Shares of [a &lt; 0] for shared signed values a in [-2^(k-1), 2^(k-1)), k = <paramref name="bits"/> ≥ 2
    /// (Catrina, de Hoogh, "Improved primitives for secure multiparty integer computation", SCN 2010: LTZ as the
    /// truncation -(a >> (k-1)), Sec. 3, with Mod2m, Protocol 3.2, and the bitwise comparison BitLT of a public and a
    /// shared bit string). The opened value is statistically masked with security <see cref="StatisticalSecurity"/>.
    /// Rounds: 1 (random bits) + 1 (open the masked value) + (k - 2) (BitLT products).
    /// </summary>
    public async Task<ulong[]> LessThanZeroAsync(ulong[] a, int bits, CancellationToken cancellationToken = default)
    {
        int kappa = StatisticalSecurity(bits);
        if (bits < 2 || kappa < MinStatisticalSecurity)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), $"comparisons of {bits}-bit values are outside what the field can mask (statistical security {kappa} < {MinStatisticalSecurity}).");
        }

        int n = a.Length;
        int m = bits - 1;

        // b = a + 2^(k-1) lies in [0, 2^k); a < 0 exactly when bit k-1 of b is 0.
        var b = new ulong[n];
        ulong offset = 1UL << m;
        for (int i = 0; i < n; i++)
        {
            b[i] = Fp61.Add(a[i], offset);
        }

        // Mod2m (Catrina-de Hoogh 2010, Protocol 3.2): r' = sum 2^i r'_i from m random bits, r'' a bounded PRSS integer.
        // Bit i of row j is rBits[i n + j].
        ulong[] rBits = await RandomBitsAsync(n * m, cancellationToken).ConfigureAwait(false);
        var rLow = new ulong[n];
        for (int i = 0; i < m; i++)
        {
            Fp61.MulAdd(rBits.AsSpan(i * n, n), 1UL << i, rLow);
        }

        ulong[] rHigh = _prss.BoundedRandom(n, bits + kappa - m);
        ulong[] masked = rHigh; // reused: masked = b + r' + 2^m r''
        Fp61.Scale(rHigh, 1UL << m, masked);
        Fp61.Add(masked, rLow, masked);
        Fp61.Add(masked, b, masked);
        ulong[] c = await OpenAsync(masked, Threshold, cancellationToken).ConfigureAwait(false);
        ulong lowMask = (1UL << m) - 1;
        for (int i = 0; i < n; i++)
        {
            c[i] &= lowMask;
        }

        ulong[] u = await BitLessThanAsync(c, rBits, m, cancellationToken).ConfigureAwait(false);
        Array.Clear(rBits);

        // b mod 2^m = c' - r' + 2^m u; bit m of b = (b - b mod 2^m) / 2^m; a < 0 = 1 - that bit.
        ulong inverse = Fp61.Inverse(1UL << m);
        ulong twoToM = 1UL << m;
        ulong[] result = u; // reused, row by row
        for (int i = 0; i < n; i++)
        {
            ulong mod = Fp61.Add(Fp61.Sub(c[i], rLow[i]), Fp61.Mul(u[i], twoToM));
            ulong top = Fp61.Mul(Fp61.Sub(b[i], mod), inverse);
            result[i] = Fp61.Sub(1, top);
        }

        Array.Clear(rLow);
        return result;
    }

    /// <summary>
    /// Shares of [c &lt; r] for public m-bit integers c (one per row) and shared bits r_0..r_{m-1} (bit i of row j at
    /// <paramref name="r"/>[i n + j]): with e_i = c_i XOR r_i (linear, c_i being public) and P_i = prod_{j > i} (1 - e_j),
    /// the first differing bit from the top is i where P_i - P_{i-1} = 1, and there c &lt; r exactly when c_i = 0, so
    /// [c &lt; r] = sum_i (1 - c_i)(P_i - P_{i-1}). The prefix products run from the top bit down, one product column a
    /// round: m - 1 rounds. For few rows (the group-size checks) a parallel prefix (Kogge-Stone) takes ceil(log2 m)
    /// rounds at m log2 m products instead.
    /// </summary>
    private async Task<ulong[]> BitLessThanAsync(ulong[] c, ulong[] r, int m, CancellationToken cancellationToken)
    {
        int n = c.Length;

        // notE[i] = 1 - e_i = 1 - (c_i XOR r_i): r_i where c_i = 1, 1 - r_i where c_i = 0.
        var notE = new ulong[m * n];
        for (int i = 0; i < m; i++)
        {
            Span<ulong> row = notE.AsSpan(i * n, n);
            ReadOnlySpan<ulong> bit = r.AsSpan(i * n, n);
            for (int j = 0; j < n; j++)
            {
                row[j] = ((c[j] >> i) & 1) != 0 ? bit[j] : Fp61.Sub(1, bit[j]);
            }
        }

        // prefix[i + 1] = P_i = prod_{j > i} (1 - e_j); prefix[m] = 1.
        ulong[][] prefix = (long)n * m * m <= ParallelPrefixLimit
            ? await ParallelSuffixProductsAsync(notE, m, n, cancellationToken).ConfigureAwait(false)
            : await SequentialSuffixProductsAsync(notE, m, n, cancellationToken).ConfigureAwait(false);
        var result = new ulong[n];
        for (int i = 0; i < m; i++)
        {
            ulong[] high = prefix[i + 1], low = prefix[i];
            for (int j = 0; j < n; j++)
            {
                if (((c[j] >> i) & 1) == 0)
                {
                    result[j] = Fp61.Add(result[j], Fp61.Sub(high[j], low[j]));
                }
            }
        }

        return result;
    }

    /// <summary>Most n m^2 for which BitLT takes the log-depth prefix (extra products are cheap for few rows).</summary>
    private const long ParallelPrefixLimit = 1 << 16;

    // P_{i-1} = P_i (1 - e_i), from the top: m - 1 rounds of one column each.
    private async Task<ulong[][]> SequentialSuffixProductsAsync(ulong[] notE, int m, int n, CancellationToken cancellationToken)
    {
        var prefix = new ulong[m + 1][];
        prefix[m] = new ulong[n];
        prefix[m].AsSpan().Fill(1);
        prefix[m - 1] = notE.AsSpan((m - 1) * n, n).ToArray();
        for (int i = m - 2; i >= 0; i--)
        {
            prefix[i] = await MultiplyAsync(prefix[i + 1], notE.AsSpan(i * n, n).ToArray(), cancellationToken).ConfigureAwait(false);
        }

        return prefix;
    }

    // Kogge-Stone suffix products (Kogge, Stone, IEEE Trans. Computers C-22 (1973)): after the round with distance d,
    // s_i = prod_{j = i..min(i + 2d - 1, m - 1)} (1 - e_j); ceil(log2 m) rounds, every round's products in one batch.
    private async Task<ulong[][]> ParallelSuffixProductsAsync(ulong[] notE, int m, int n, CancellationToken cancellationToken)
    {
        var s = new ulong[m][];
        for (int i = 0; i < m; i++)
        {
            s[i] = notE.AsSpan(i * n, n).ToArray();
        }

        for (int d = 1; d < m; d *= 2)
        {
            int[] targets = [.. Enumerable.Range(0, m - d)];
            ulong[][] next = await MultiplyAsync([.. targets.Select(i => (s[i], s[i + d]))], cancellationToken).ConfigureAwait(false);
            for (int k = 0; k < targets.Length; k++)
            {
                s[targets[k]] = next[k];
            }
        }

        // s_i = prod_{j >= i} (1 - e_j) = P_{i-1}.
        var prefix = new ulong[m + 1][];
        prefix[m] = new ulong[n];
        prefix[m].AsSpan().Fill(1);
        for (int i = 0; i < m; i++)
        {
            prefix[i] = s[i];
        }

        return prefix;
    }
}
