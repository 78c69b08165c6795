using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.PrivacyAmplification;

/// <summary>
/// The additive FFT over GF(2^64) in the novel polynomial basis X_k(y) = prod over bits j of k of
/// s_j(y), with s_j the subspace polynomials of the <see cref="CantorBasis"/> (Lin, Chung and Han,
/// FOCS 2014, Algorithms 1 and 2). A polynomial of 2^L coefficients is evaluated at the 2^L points
/// w_i = sum over bits j of i of v_j, and interpolated back; both in L·2^(L-1) multiplications.
/// </summary>
internal static class AdditiveFft
{
    /// <summary>Blocks shorter than this many words are done element by element, not by span calls.</summary>
    private const int SmallBlock = 8;

    /// <summary>
    /// Log2 of the chunk (in words, 2^14 · 8 bytes = 128 KiB, within a core's L2) inside which the
    /// low layers are finished before moving on.
    /// </summary>
    private const int CacheLog = 14;

    /// <summary>
    /// Monomial to novel basis in place: f = f0 + s_r(y)·f1 recursively (LCH 2014, Sec. III-B),
    /// the division by the 0/1-sparse s_r being XORs of quarter blocks.
    /// </summary>
    internal static void ToNovelBasis(Span<ulong> f, int logSize)
    {
        for (int r = logSize - 1; r >= Math.Max(1, CacheLog); r--)
        {
            ForEachDivisionStep(f, r, topQuarterFirst: true);
        }

        int chunk = 1 << Math.Min(logSize, CacheLog);
        for (int c = 0; c < 1 << logSize; c += chunk)
        {
            for (int r = Math.Min(logSize, CacheLog) - 1; r >= 1; r--)
            {
                ForEachDivisionStep(f.Slice(c, chunk), r, topQuarterFirst: true);
            }
        }
    }

    /// <summary>Novel to monomial basis in place, the inverse of <see cref="ToNovelBasis"/>.</summary>
    internal static void FromNovelBasis(Span<ulong> f, int logSize)
    {
        int chunk = 1 << Math.Min(logSize, CacheLog);
        for (int c = 0; c < 1 << logSize; c += chunk)
        {
            for (int r = 1; r < Math.Min(logSize, CacheLog); r++)
            {
                ForEachDivisionStep(f.Slice(c, chunk), r, topQuarterFirst: false);
            }
        }

        for (int r = Math.Max(1, CacheLog); r < logSize; r++)
        {
            ForEachDivisionStep(f, r, topQuarterFirst: false);
        }
    }

    /// <summary>
    /// Dividing a block of 2^(r+1) coefficients by s_r(y) = y^(2^r) + sum over j in J of y^(2^j),
    /// J = { j &lt; r : C(r, j) odd } = { j &lt; r : j AND r = j } (Lucas): the quotient coefficient at
    /// degree d (left in place) is added into degrees d - 2^r + 2^j. Updates move down by at least
    /// 2^(r-1), so each quarter of 2^(r-1) coefficients is one vector XOR per j; the top quarter must
    /// go first when dividing, last when multiplying back.
    /// </summary>
    private static void ForEachDivisionStep(Span<ulong> f, int r, bool topQuarterFirst)
    {
        int half = 1 << r, quarter = half >> 1, block = half << 1;
        Span<int> shifts = stackalloc int[32]; // destination offset from the source, 2^j - 2^r, per j in J
        int terms = 0;
        for (int j = 0; j < r; j++)
        {
            if ((j & r) == j)
            {
                shifts[terms++] = (1 << j) - half;
            }
        }

        shifts = shifts[..terms];
        ref ulong fRef = ref MemoryMarshal.GetReference(f);
        for (int o = 0; o < f.Length; o += block)
        {
            int first = topQuarterFirst ? o + half + quarter : o + half;
            int second = topQuarterFirst ? o + half : o + half + quarter;
            if (quarter < SmallBlock)
            {
                // Below a vector's width the span calls cost more than the XORs.
                for (int q = 0; q < quarter; q++)
                {
                    ulong x = Unsafe.Add(ref fRef, first + q);
                    foreach (int shift in shifts)
                    {
                        Unsafe.Add(ref fRef, first + q + shift) ^= x;
                    }
                }

                for (int q = 0; q < quarter; q++)
                {
                    ulong x = Unsafe.Add(ref fRef, second + q);
                    foreach (int shift in shifts)
                    {
                        Unsafe.Add(ref fRef, second + q + shift) ^= x;
                    }
                }

                continue;
            }

            foreach (int shift in shifts)
            {
                CarrylessPolynomial.XorInto(f.Slice(first + shift, quarter), f.Slice(first, quarter));
            }

            foreach (int shift in shifts)
            {
                CarrylessPolynomial.XorInto(f.Slice(second + shift, quarter), f.Slice(second, quarter));
            }
        }
    }

    /// <summary>Evaluates the novel-basis polynomial <paramref name="d"/> at w_0 .. w_(2^L - 1), in place.</summary>
    internal static void Forward(Span<ulong> d, int logSize) => Forward(d, logSize, logSize);

    /// <summary>
    /// As <see cref="Forward(Span{ulong}, int)"/> for a polynomial whose coefficients from
    /// 2^<paramref name="dataLog"/> on are zero: in the layers r &gt;= dataLog every block's upper
    /// half is zero, so d0 stays and d1 becomes d0, which amounts to repeating the first
    /// 2^dataLog words across the array; those layers need no multiplication.
    /// </summary>
    internal static void Forward(Span<ulong> d, int logSize, int dataLog)
    {
        int data = 1 << dataLog;
        for (int c = data; c < 1 << logSize; c += data)
        {
            d[..data].CopyTo(d[c..]);
        }

        for (int r = dataLog - 1; r >= CacheLog; r--)
        {
            Layer(d, r, 0, inverse: false);
        }

        // Layers below CacheLog stay inside chunks of 2^CacheLog words: finish each chunk while it
        // is in cache instead of streaming the whole array once per layer.
        int chunk = 1 << Math.Min(logSize, CacheLog);
        for (int c = 0; c < 1 << logSize; c += chunk)
        {
            for (int r = Math.Min(dataLog, CacheLog) - 1; r >= 0; r--)
            {
                Layer(d.Slice(c, chunk), r, c >> (r + 1), inverse: false);
            }
        }
    }

    /// <summary>Interpolates values at w_0 .. w_(2^L - 1) back to novel-basis coefficients, in place.</summary>
    internal static void Inverse(Span<ulong> d, int logSize)
    {
        int chunk = 1 << Math.Min(logSize, CacheLog);
        for (int c = 0; c < 1 << logSize; c += chunk)
        {
            for (int r = 0; r < Math.Min(logSize, CacheLog); r++)
            {
                Layer(d.Slice(c, chunk), r, c >> (r + 1), inverse: true);
            }
        }

        for (int r = CacheLog; r < logSize; r++)
        {
            Layer(d, r, 0, inverse: true);
        }
    }

    /// <summary>
    /// One layer of LCH Algorithm 2 over the blocks of 2^(r+1) words in <paramref name="d"/>, the
    /// first being global block <paramref name="firstBlock"/>: for the block with offset o,
    /// lambda = s_r(w_o) and (d0, d1) -> (d0 + lambda·d1, d0 + (lambda + 1)·d1), i.e. d0 += lambda·d1
    /// then d1 += d0; the inverse undoes the two steps in the opposite order.
    /// </summary>
    private static void Layer(Span<ulong> d, int r, int firstBlock, bool inverse)
    {
        int half = 1 << r, block = half << 1;
        ulong[] sr = CantorBasis.SubspaceValues[r];

        // lambda(b) = s_r(w_o) is linear in the bits of the block index b (o = b·2^(r+1)); going from
        // b - 1 to b flips bits 0 .. tz(b), so lambda changes by the prefix sum flip[tz(b)].
        Span<ulong> flip = stackalloc ulong[32];
        ulong prefix = 0;
        for (int t = 0; t < 32 && r + 1 + t < CantorBasis.Dimension; t++)
        {
            prefix ^= sr[r + 1 + t];
            flip[t] = prefix;
        }

        ulong lambda = 0;
        for (uint bits = (uint)firstBlock; bits != 0; bits &= bits - 1)
        {
            lambda ^= sr[r + 1 + BitOperations.TrailingZeroCount(bits)];
        }

        ref ulong dRef = ref MemoryMarshal.GetReference(d);
        for (int o = 0, b = firstBlock; o < d.Length; o += block, b++)
        {
            if (o != 0)
            {
                lambda ^= flip[BitOperations.TrailingZeroCount(b)];
            }

            ref ulong lo = ref Unsafe.Add(ref dRef, o);
            ref ulong hi = ref Unsafe.Add(ref dRef, o + half);
            if (half == 1)
            {
                if (inverse)
                {
                    hi ^= lo;
                    lo ^= Gf64.Multiply(hi, lambda);
                }
                else
                {
                    lo ^= Gf64.Multiply(hi, lambda);
                    hi ^= lo;
                }
            }
            else
            {
                Butterflies(ref lo, ref hi, lambda, half, inverse);
            }
        }
    }

    /// <summary>The butterflies of one block, <paramref name="count"/> (even) pairs, in one pass.</summary>
    private static void Butterflies(ref ulong lo, ref ulong hi, ulong lambda, int count, bool inverse)
    {
        int k = 0;
        if (Pclmulqdq.V512.IsSupported && Avx512F.IsSupported)
        {
            Vector512<ulong> l8 = Vector512.Create(lambda);
            for (; k + 8 <= count; k += 8)
            {
                Vector512<ulong> vl = Vector512.LoadUnsafe(ref lo, (nuint)k);
                Vector512<ulong> vh = Vector512.LoadUnsafe(ref hi, (nuint)k);
                if (inverse)
                {
                    vh ^= vl;
                    vl ^= ReduceOctet(Pclmulqdq.V512.CarrylessMultiply(vh, l8, 0x00), Pclmulqdq.V512.CarrylessMultiply(vh, l8, 0x01));
                }
                else
                {
                    vl ^= ReduceOctet(Pclmulqdq.V512.CarrylessMultiply(vh, l8, 0x00), Pclmulqdq.V512.CarrylessMultiply(vh, l8, 0x01));
                    vh ^= vl;
                }

                vl.StoreUnsafe(ref lo, (nuint)k);
                vh.StoreUnsafe(ref hi, (nuint)k);
            }
        }

        if (Pclmulqdq.IsSupported)
        {
            Vector128<ulong> l2 = Vector128.Create(lambda);
            for (; k + 2 <= count; k += 2)
            {
                Vector128<ulong> vl = Vector128.LoadUnsafe(ref lo, (nuint)k);
                Vector128<ulong> vh = Vector128.LoadUnsafe(ref hi, (nuint)k);
                if (inverse)
                {
                    vh ^= vl;
                    vl ^= ReducePair(Pclmulqdq.CarrylessMultiply(vh, l2, 0x00), Pclmulqdq.CarrylessMultiply(vh, l2, 0x01));
                }
                else
                {
                    vl ^= ReducePair(Pclmulqdq.CarrylessMultiply(vh, l2, 0x00), Pclmulqdq.CarrylessMultiply(vh, l2, 0x01));
                    vh ^= vl;
                }

                vl.StoreUnsafe(ref lo, (nuint)k);
                vh.StoreUnsafe(ref hi, (nuint)k);
            }
        }

        for (; k < count; k++)
        {
            ref ulong a = ref Unsafe.Add(ref lo, k);
            ref ulong b = ref Unsafe.Add(ref hi, k);
            if (inverse)
            {
                b ^= a;
                a ^= Gf64.Multiply(b, lambda);
            }
            else
            {
                a ^= Gf64.Multiply(b, lambda);
                b ^= a;
            }
        }
    }

    /// <summary>a[k] = a[k]·b[k] in GF(2^64) for all k (the pointwise product of two transforms).</summary>
    internal static void MultiplyPointwise(Span<ulong> a, ReadOnlySpan<ulong> b)
    {
        ref ulong aRef = ref MemoryMarshal.GetReference(a);
        ref ulong bRef = ref MemoryMarshal.GetReference(b);
        int k = 0;
        if (Pclmulqdq.V512.IsSupported && Avx512F.IsSupported)
        {
            for (; k + 8 <= a.Length; k += 8)
            {
                Vector512<ulong> va = Vector512.LoadUnsafe(ref aRef, (nuint)k);
                Vector512<ulong> vb = Vector512.LoadUnsafe(ref bRef, (nuint)k);
                ReduceOctet(Pclmulqdq.V512.CarrylessMultiply(va, vb, 0x00), Pclmulqdq.V512.CarrylessMultiply(va, vb, 0x11))
                    .StoreUnsafe(ref aRef, (nuint)k);
            }
        }

        if (Pclmulqdq.IsSupported)
        {
            for (; k + 2 <= a.Length; k += 2)
            {
                Vector128<ulong> va = Vector128.LoadUnsafe(ref aRef, (nuint)k);
                Vector128<ulong> vb = Vector128.LoadUnsafe(ref bRef, (nuint)k);
                ReducePair(Pclmulqdq.CarrylessMultiply(va, vb, 0x00), Pclmulqdq.CarrylessMultiply(va, vb, 0x11))
                    .StoreUnsafe(ref aRef, (nuint)k);
            }
        }

        for (; k < a.Length; k++)
        {
            a[k] = Gf64.Multiply(a[k], b[k]);
        }
    }

    /// <summary>Reduces eight 128-bit products at once (four per operand, one per 128-bit lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> ReduceOctet(Vector512<ulong> p0, Vector512<ulong> p1)
    {
        Vector512<ulong> low = Avx512F.UnpackLow(p0, p1);
        Vector512<ulong> high = Avx512F.UnpackHigh(p0, p1);
        high ^= (high >>> 60) ^ (high >>> 61) ^ (high >>> 63);
        return low ^ high ^ (high << 1) ^ (high << 3) ^ (high << 4);
    }

    /// <summary>Reduces two 128-bit products at once, as <see cref="Gf64.Reduce"/> does for one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ReducePair(Vector128<ulong> p0, Vector128<ulong> p1)
    {
        Vector128<ulong> low = Sse2.UnpackLow(p0, p1);
        Vector128<ulong> high = Sse2.UnpackHigh(p0, p1);
        high ^= (high >>> 60) ^ (high >>> 61) ^ (high >>> 63);
        return low ^ high ^ (high << 1) ^ (high << 3) ^ (high << 4);
    }
}
