using QkdNet.Primitives;

namespace QkdNet.PostProcessing.PrivacyAmplification;

/// <summary>
/// A Cantor basis of GF(2^64): v_0 = 1 and v_i^2 + v_i = v_(i-1) (Cantor, "On arithmetical
/// algorithms over finite fields", JCTA 50, 1989). With it the subspace polynomials
/// s_i(y) = prod over a in span(v_0..v_(i-1)) of (y - a) are s_i = (y^2 + y) composed i times, so
/// s_i(y) = sum over j of C(i, j) mod 2 · y^(2^j) has 0/1 coefficients, and s_i(v_i) = 1: basis
/// conversions need XORs only (Lin, Chung and Han, "Novel polynomial basis and its application to
/// Reed-Solomon erasure codes", FOCS 2014, Sec. III).
/// </summary>
internal static class CantorBasis
{
    /// <summary>Number of basis elements (the field's dimension over GF(2)).</summary>
    internal const int Dimension = 64;

    /// <summary>v_0 .. v_63.</summary>
    internal static readonly ulong[] Elements = Build();

    /// <summary>SubspaceValues[i][j] = s_i(v_j), the GF(2)-linear map s_i on the basis.</summary>
    internal static readonly ulong[][] SubspaceValues = BuildSubspaceValues();

    /// <summary>
    /// Solves y^2 + y = v_(i-1) for each i. Q(y) = y^2 + y is GF(2)-linear with kernel {0, 1}, so
    /// the system is solved by elimination over the images Q(x^k); of the two roots the one
    /// elimination finds is taken.
    /// </summary>
    private static ulong[] Build()
    {
        var pivotVector = new ulong[64];
        var pivotCombination = new ulong[64];
        for (int k = 0; k < 64; k++)
        {
            ulong e = 1UL << k;
            ulong v = Gf64.Multiply(e, e) ^ e;
            ulong combination = e;
            for (int bit = 63; bit >= 0 && v != 0; bit--)
            {
                if (((v >> bit) & 1) == 0)
                {
                    continue;
                }

                if (pivotVector[bit] == 0)
                {
                    pivotVector[bit] = v;
                    pivotCombination[bit] = combination;
                    break;
                }

                v ^= pivotVector[bit];
                combination ^= pivotCombination[bit];
            }
        }

        var basis = new ulong[Dimension];
        basis[0] = 1;
        for (int i = 1; i < Dimension; i++)
        {
            ulong c = basis[i - 1];
            ulong y = 0;
            for (int bit = 63; bit >= 0; bit--)
            {
                if (((c >> bit) & 1) == 0)
                {
                    continue;
                }

                if (pivotVector[bit] == 0)
                {
                    throw new InvalidOperationException("Cantor basis construction failed: trace condition violated.");
                }

                c ^= pivotVector[bit];
                y ^= pivotCombination[bit];
            }

            basis[i] = y;
        }

        return basis;
    }

    private static ulong[][] BuildSubspaceValues()
    {
        var table = new ulong[Dimension][];
        var current = (ulong[])Elements.Clone(); // s_0(y) = y
        for (int i = 0; i < Dimension; i++)
        {
            table[i] = (ulong[])current.Clone();
            for (int j = 0; j < Dimension; j++)
            {
                current[j] = Gf64.Multiply(current[j], current[j]) ^ current[j]; // s_(i+1) = s_i^2 + s_i
            }
        }

        return table;
    }
}
