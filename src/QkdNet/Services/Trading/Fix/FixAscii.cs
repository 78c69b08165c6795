namespace QkdNet.Services.Trading.Fix;

/// <summary>The one rule for the text values this codec carries (identifiers, symbols, Text).</summary>
internal static class FixAscii
{
    /// <summary>
    /// Printable ASCII (0x20 to 0x7E) only: that excludes SOH, the field delimiter, so a value can never split a
    /// field, and keeps every value one byte per character.
    /// </summary>
    public static bool IsPrintable(ReadOnlySpan<byte> value) =>
        !value.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);
}
