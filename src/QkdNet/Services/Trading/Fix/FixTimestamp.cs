namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// FIX UTCTimestamp, "YYYYMMDD-HH:MM:SS.sss": written with milliseconds (anything finer is truncated, as FIX 4.4
/// has no finer resolution); read with or without the milliseconds.
/// </summary>
internal static class FixTimestamp
{
    /// <summary>Bytes of the written form.</summary>
    public const int Length = 21;

    public static bool TryFormat(DateTime utc, Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        Digits(destination[..4], utc.Year);
        Digits(destination.Slice(4, 2), utc.Month);
        Digits(destination.Slice(6, 2), utc.Day);
        destination[8] = (byte)'-';
        Digits(destination.Slice(9, 2), utc.Hour);
        destination[11] = (byte)':';
        Digits(destination.Slice(12, 2), utc.Minute);
        destination[14] = (byte)':';
        Digits(destination.Slice(15, 2), utc.Second);
        destination[17] = (byte)'.';
        Digits(destination.Slice(18, 3), utc.Millisecond);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> text, out DateTime utc)
    {
        utc = default;
        if ((text.Length != 17 && text.Length != Length)
            || text[8] != (byte)'-' || text[11] != (byte)':' || text[14] != (byte)':'
            || (text.Length == Length && text[17] != (byte)'.'))
        {
            return false;
        }

        if (!Number(text[..4], out int year) || !Number(text.Slice(4, 2), out int month) || !Number(text.Slice(6, 2), out int day)
            || !Number(text.Slice(9, 2), out int hour) || !Number(text.Slice(12, 2), out int minute)
            || !Number(text.Slice(15, 2), out int second))
        {
            return false;
        }

        int millisecond = 0;
        if (text.Length == Length && !Number(text.Slice(18, 3), out millisecond))
        {
            return false;
        }

        // Every range checked here, so the constructor below cannot throw on a bad message.
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        utc = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
        return true;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool Number(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }
}
