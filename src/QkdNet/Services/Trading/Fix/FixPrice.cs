using System.Globalization;

namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// A FIX Price/Qty-style decimal as fixed point: <see cref="Units"/> counts 1/10,000 of the currency unit
/// (<see cref="Scale"/> = 4 decimal places), so prices are exact and compare as integers; never a double.
/// Four places cover every tick on the Tokyo Stock Exchange (the finest is 0.1 yen).
/// </summary>
/// <param name="Units">The value times 10^<see cref="Scale"/>.</param>
public readonly record struct FixPrice(long Units) : IComparable<FixPrice>
{
    /// <summary>Decimal places held.</summary>
    public const int Scale = 4;

    /// <summary>Units in one whole currency unit (one yen).</summary>
    public const long UnitsPerWhole = 10_000;

    /// <summary>The longest text form: sign, 15 integer digits, point and 4 decimals.</summary>
    internal const int MaxFormattedLength = 21;

    // One below long.MaxValue / 10^4, so whole * 10^4 + 9999 still fits in a long.
    private const ulong MaxWhole = (long.MaxValue / UnitsPerWhole) - 1;

    /// <summary>A whole number of currency units (yen); throws on overflow, a caller's bug.</summary>
    public static FixPrice FromWhole(long whole) => new(checked(whole * UnitsPerWhole));

    /// <inheritdoc/>
    public int CompareTo(FixPrice other) => Units.CompareTo(other.Units);

    /// <summary>Writes the FIX text form: no exponent, trailing zero decimals dropped (2150.5, 2150).</summary>
    internal bool TryFormat(Span<byte> destination, out int written)
    {
        written = 0;
        ulong magnitude = Units < 0 ? (ulong)(-(Units + 1)) + 1 : (ulong)Units;
        if (Units < 0)
        {
            if (destination.IsEmpty)
            {
                return false;
            }

            destination[written++] = (byte)'-';
        }

        if (!(magnitude / UnitsPerWhole).TryFormat(destination[written..], out int digits, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        written += digits;
        uint fraction = (uint)(magnitude % UnitsPerWhole);
        if (fraction == 0)
        {
            return true;
        }

        int places = Scale;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            places--;
        }

        if (destination.Length < written + 1 + places)
        {
            return false;
        }

        destination[written++] = (byte)'.';
        for (int i = places - 1; i >= 0; i--)
        {
            destination[written + i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        written += places;
        return true;
    }

    /// <summary>
    /// Parses a FIX decimal: optional '-', digits, optional '.' and up to <see cref="Scale"/> decimals. More
    /// decimals, an exponent, a value past the range of <see cref="long"/> units or an empty number fail.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, out FixPrice price)
    {
        price = default;
        bool negative = !text.IsEmpty && text[0] == (byte)'-';
        int i = negative ? 1 : 0;
        ulong whole = 0;
        int wholeDigits = 0;
        for (; i < text.Length && text[i] != (byte)'.'; i++, wholeDigits++)
        {
            uint d = (uint)(text[i] - '0');
            whole = (whole * 10) + d;
            if (d > 9 || whole > MaxWhole)
            {
                return false;
            }
        }

        ulong fraction = 0;
        int places = 0;
        if (i < text.Length)
        {
            for (i++; i < text.Length; i++, places++)
            {
                uint d = (uint)(text[i] - '0');
                if (d > 9 || places == Scale)
                {
                    return false;
                }

                fraction = (fraction * 10) + d;
            }
        }

        if (wholeDigits + places == 0)
        {
            return false;
        }

        for (int p = places; p < Scale; p++)
        {
            fraction *= 10;
        }

        // whole <= MaxWhole by the loop's guard, so this cannot overflow.
        long units = (long)((whole * UnitsPerWhole) + fraction);
        price = new FixPrice(negative ? -units : units);
        return true;
    }

    /// <summary>The FIX text form (allocates; not for the hot path).</summary>
    public override string ToString()
    {
        Span<byte> text = stackalloc byte[MaxFormattedLength];
        return TryFormat(text, out int written) ? System.Text.Encoding.ASCII.GetString(text[..written]) : Units.ToString(CultureInfo.InvariantCulture);
    }
}
