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
    /// <summary>
    /// Monomial to novel basis in place: f = f0 + s_r(y)·f1 recursively (LCH 2014, Sec. III-B),
    /// the division by the 0/1-sparse s_r being XORs of quarter blocks.
    /// </summary>
    internal static void ToNovelBasis(Span<ulong> f, int logSize)
    {
        for (int r = logSize - 1; r >= 1; r--)
        {
            ForEachDivisionStep(f, logSize, r, topQuarterFirst: true);
        }
    }

    /// <summary>Novel to monomial basis in place, the inverse of <see cref="ToNovelBasis"/>.</summary>
    internal static void FromNovelBasis(Span<ulong> f, int logSize)
    {
        for (int r = 1; r < logSize; r++)
        {
            ForEachDivisionStep(f, logSize, r, topQuarterFirst: false);
        }
    }

    /// <summary>
    /// Dividing a block of 2^(r+1) coefficients by s_r(y) = y^(2^r) + sum over j in J of y^(2^j),
    /// J = { j &lt; r : C(r, j) odd } = { j &lt; r : j AND r = j } (Lucas): the quotient coefficient at
    /// degree d (left in place) is added into degrees d - 2^r + 2^j. Updates move down by at least
    /// 2^(r-1), so each quarter of 2^(r-1) coefficients is one vector XOR per j; the top quarter must
    /// go first when dividing, last when multiplying back.
    /// </summary>
    private static void ForEachDivisionStep(Span<ulong> f, int logSize, int r, bool topQuarterFirst)
    {
        int half = 1 << r, quarter = half >> 1, block = half << 1;
        for (int o = 0; o < 1 << logSize; o += block)
        {
            int first = topQuarterFirst ? o + half + quarter : o + half;
            int second = topQuarterFirst ? o + half : o + half + quarter;
            foreach (int start in (ReadOnlySpan<int>)[first, second])
            {
                for (int j = 0; j < r; j++)
                {
                    if ((j & r) == j)
                    {
                        CarrylessPolynomial.XorInto(f.Slice(start - half + (1 << j), quarter), f.Slice(start, quarter));
                    }
                }
            }
        }
    }

    /// <summary>Evaluates the novel-basis polynomial <paramref name="d"/> at w_0 .. w_(2^L - 1), in place.</summary>
    internal static void Forward(Span<ulong> d, int logSize)
    {
        for (int r = logSize - 1; r >= 0; r--)
        {
            Layer(d, logSize, r, inverse: false);
        }
    }

    /// <summary>Interpolates values at w_0 .. w_(2^L - 1) back to novel-basis coefficients, in place.</summary>
    internal static void Inverse(Span<ulong> d, int logSize)
    {
        for (int r = 0; r < logSize; r++)
        {
            Layer(d, logSize, r, inverse: true);
        }
    }

    /// <summary>
    /// One layer of LCH Algorithm 2: for a block at offset o with shift w_o, lambda = s_r(w_o) and
    /// (d0, d1) -> (d0 + lambda·d1, d0 + (lambda + 1)·d1), i.e. d0 += lambda·d1 then d1 += d0.
    /// </summary>
    private static void Layer(Span<ulong> d, int logSize, int r, bool inverse)
    {
        int half = 1 << r, block = half << 1;
        ulong[] sr = CantorBasis.SubspaceValues[r];
        ref ulong dRef = ref MemoryMarshal.GetReference(d);
        for (int o = 0, b = 0; o < 1 << logSize; o += block, b++)
        {
            ulong lambda = 0;
            for (uint bits = (uint)b; bits != 0; bits &= bits - 1)
            {
                lambda ^= sr[r + 1 + BitOperations.TrailingZeroCount(bits)];
            }

            ref ulong lo = ref Unsafe.Add(ref dRef, o);
            ref ulong hi = ref Unsafe.Add(ref dRef, o + half);
            if (inverse)
            {
                XorHalves(ref hi, ref lo, half);
                MultiplyAccumulate(ref lo, ref hi, lambda, half);
            }
            else
            {
                MultiplyAccumulate(ref lo, ref hi, lambda, half);
                XorHalves(ref hi, ref lo, half);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorHalves(ref ulong destination, ref ulong source, int count)
    {
        CarrylessPolynomial.XorInto(MemoryMarshal.CreateSpan(ref destination, count), MemoryMarshal.CreateReadOnlySpan(ref source, count));
    }

    /// <summary>destination[k] += lambda·source[k] for k &lt; count.</summary>
    private static void MultiplyAccumulate(ref ulong destination, ref ulong source, ulong lambda, int count)
    {
        if (lambda == 0)
        {
            return;
        }

        int k = 0;
        if (Pclmulqdq.IsSupported)
        {
            Vector128<ulong> l = Vector128.Create(lambda);
            for (; k + 2 <= count; k += 2)
            {
                Vector128<ulong> v = Vector128.LoadUnsafe(ref source, (nuint)k);
                Vector128<ulong> p = ReducePair(Pclmulqdq.CarrylessMultiply(v, l, 0x00), Pclmulqdq.CarrylessMultiply(v, l, 0x01));
                (Vector128.LoadUnsafe(ref destination, (nuint)k) ^ p).StoreUnsafe(ref destination, (nuint)k);
            }
        }

        for (; k < count; k++)
        {
            Unsafe.Add(ref destination, k) ^= Gf64.Multiply(Unsafe.Add(ref source, k), lambda);
        }
    }

    /// <summary>a[k] = a[k]·b[k] in GF(2^64) for all k (the pointwise product of two transforms).</summary>
    internal static void MultiplyPointwise(Span<ulong> a, ReadOnlySpan<ulong> b)
    {
        ref ulong aRef = ref MemoryMarshal.GetReference(a);
        ref ulong bRef = ref MemoryMarshal.GetReference(b);
        int k = 0;
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
