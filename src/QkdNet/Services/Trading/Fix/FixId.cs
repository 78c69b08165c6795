using System.Runtime.CompilerServices;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// The value of an identifier field (SenderCompID, ClOrdID, Account, Symbol, OrderID, ExecID ...): 1 to <see cref="Capacity"/> bytes of printable ASCII held inline, so a decoded message
/// is a value with no reference to the wire buffer and no heap allocation. The default value is empty and means
/// "absent".
/// </summary>
public readonly struct FixId : IEquatable<FixId>
{
    /// <summary>The longest value, in bytes.</summary>
    public const int Capacity = 24;

    private readonly Buffer _bytes;
    private readonly byte _length;

    private FixId(ReadOnlySpan<byte> ascii)
    {
        ascii.CopyTo(_bytes);
        _length = (byte)ascii.Length;
    }

    /// <summary>Length in bytes; 0 when absent.</summary>
    public int Length => _length;

    /// <summary>True for the default (absent) value.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The ASCII bytes; valid as long as this value lives.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Bytes => ((ReadOnlySpan<byte>)_bytes)[.._length];

    /// <summary>Validates ASCII bytes: 1 to <see cref="Capacity"/> bytes, printable ASCII only.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> ascii, out FixId value)
    {
        if (ascii.Length is 0 or > Capacity || !FixAscii.IsPrintable(ascii))
        {
            value = default;
            return false;
        }

        value = new FixId(ascii);
        return true;
    }

    /// <summary>Validates a string, naming the problem on failure.</summary>
    public static Result<FixId> Create(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is 0 or > Capacity)
        {
            return Result<FixId>.Fail($"A FIX FixId holds 1 to {Capacity} characters, not {text.Length}.");
        }

        Span<byte> ascii = stackalloc byte[Capacity];
        int written = Encoding.ASCII.GetBytes(text, ascii);
        return TryCreate(ascii[..written], out FixId value) && text.All(char.IsAscii)
            ? value
            : Result<FixId>.Fail("A FIX FixId holds printable ASCII only (0x20 to 0x7E).");
    }

    /// <inheritdoc/>
    public bool Equals(FixId other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FixId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    /// <summary>The text (allocates; not for the hot path).</summary>
    public override string ToString() => Encoding.ASCII.GetString(Bytes);

    /// <summary>Value equality.</summary>
    public static bool operator ==(FixId left, FixId right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(FixId left, FixId right) => !left.Equals(right);

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private byte _element0;
    }
}
