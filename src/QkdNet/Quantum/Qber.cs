using System.Globalization;

namespace QkdNet.Quantum;

/// <summary>
/// A quantum bit error rate: the fraction of sifted bits on which the two ends of a link disagree,
/// E = N_wrong / (N_right + N_wrong) (Gisin, Ribordy, Tittel and Zbinden, Rev. Mod. Phys. 74, 145 (2002), Sec. II.B).
/// Validated once by <see cref="TryCreate"/> or <see cref="Create"/>; <c>default</c> is zero.
/// </summary>
/// <remarks>
/// The bounds are those of a ratio of counts, [0, 1], not [0, 0.5]: 0.5 is where the two ends' bits are
/// uncorrelated and no protocol distils key, but a measured value can pass it (a small or tampered sample,
/// post-processing's parameter estimate E before its upper bound is clamped to 0.5; an aborted block reports that
/// measurement), and the controller accepts 0 to 1 from nodes. Where key stops being possible is a
/// threshold (BB84's one-way 11 %, Shor and Preskill, PRL 85, 441 (2000)), a policy checked against this value, not
/// a bound of the type. A link with no estimate at all has no <see cref="Qber"/> (null), never NaN.
/// </remarks>
public readonly record struct Qber : IComparable<Qber>
{
    private Qber(double fraction) => Fraction = fraction;

    /// <summary>No error at all.</summary>
    public static Qber Zero => default;

    /// <summary>The rate as a fraction from 0 to 1 (0.02 is 2 %).</summary>
    public double Fraction { get; }

    /// <summary>The rate <paramref name="fraction"/>; false when it is not a number from 0 to 1.</summary>
    public static bool TryCreate(double fraction, out Qber qber)
    {
        // written so that NaN fails too
        if (fraction >= 0 && fraction <= 1)
        {
            qber = new Qber(fraction);
            return true;
        }

        qber = default;
        return false;
    }

    /// <summary>The rate <paramref name="fraction"/>; throws <see cref="ArgumentOutOfRangeException"/> when it is not from 0 to 1 (a bug in the caller).</summary>
    public static Qber Create(double fraction) =>
        TryCreate(fraction, out Qber qber) ? qber : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A QBER is a fraction from 0 to 1.");

    /// <summary>The rate of <paramref name="errors"/> among <paramref name="bits"/> compared bits; zero when none were compared.</summary>
    public static Qber FromCounts(long errors, long bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfNegative(errors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(errors, bits);
        return bits == 0 ? Zero : new Qber((double)errors / bits);
    }

    /// <inheritdoc />
    public int CompareTo(Qber other) => Fraction.CompareTo(other.Fraction);

    /// <summary>Whether <paramref name="left"/> is the lower rate.</summary>
    public static bool operator <(Qber left, Qber right) => left.Fraction < right.Fraction;

    /// <summary>Whether <paramref name="left"/> is the higher rate.</summary>
    public static bool operator >(Qber left, Qber right) => left.Fraction > right.Fraction;

    /// <summary>Whether <paramref name="left"/> is not above <paramref name="right"/>.</summary>
    public static bool operator <=(Qber left, Qber right) => left.Fraction <= right.Fraction;

    /// <summary>Whether <paramref name="left"/> is not below <paramref name="right"/>.</summary>
    public static bool operator >=(Qber left, Qber right) => left.Fraction >= right.Fraction;

    /// <summary>The rate as a percentage with two decimals (invariant culture), e.g. <c>2.50 %</c>.</summary>
    public override string ToString() => Fraction.ToString("P2", CultureInfo.InvariantCulture);
}
