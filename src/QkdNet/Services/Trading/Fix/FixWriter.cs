using System.Globalization;

namespace QkdNet.Services.Trading.Fix;

/// <summary>
/// Appends tag=value&lt;SOH&gt; fields to a caller's span. Running out of room sets <see cref="Overflowed"/> and
/// stops writing, so an encoder checks once at the end instead of after every field.
/// </summary>
internal ref struct FixWriter
{
    public const byte Soh = 0x01;

    private readonly Span<byte> _destination;
    private int _position;

    public FixWriter(Span<byte> destination)
    {
        _destination = destination;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>True once a write did not fit; nothing after it was written.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>True once a <see cref="Require"/> failed: the body lacks a required field or holds an undefined code.</summary>
    public bool Invalid { get; private set; }

    /// <summary>Marks the message invalid unless <paramref name="condition"/> holds (the same rules the decoder applies).</summary>
    public void Require(bool condition) => Invalid |= !condition;

    public void Field(int tag, scoped ReadOnlySpan<byte> value)
    {
        if (!Tag(tag) || !Raw(value))
        {
            return;
        }

        Raw([Soh]);
    }

    /// <summary>Writes nothing for an empty (absent) identifier.</summary>
    public void Field(int tag, in FixId value)
    {
        if (!value.IsEmpty)
        {
            Field(tag, value.Bytes);
        }
    }

    /// <summary>Writes nothing for an empty (absent) text.</summary>
    public void Field(int tag, in FixText value)
    {
        if (!value.IsEmpty)
        {
            Field(tag, value.Bytes);
        }
    }

    public void Field(int tag, byte code) => Field(tag, [code]);

    public void Field(int tag, long value)
    {
        if (Tag(tag) && Fits(value.TryFormat(_destination[_position..], out int written, default, CultureInfo.InvariantCulture), written))
        {
            Raw([Soh]);
        }
    }

    public void Field(int tag, FixPrice value)
    {
        if (Tag(tag) && Fits(value.TryFormat(_destination[_position..], out int written), written))
        {
            Raw([Soh]);
        }
    }

    public void Field(int tag, DateTime utc)
    {
        if (Tag(tag) && Fits(FixTimestamp.TryFormat(utc, _destination[_position..]), FixTimestamp.Length))
        {
            Raw([Soh]);
        }
    }

    private bool Tag(int tag)
    {
        if (Overflowed)
        {
            return false;
        }

        return Fits(tag.TryFormat(_destination[_position..], out int written, default, CultureInfo.InvariantCulture), written)
            && Raw("="u8);
    }

    private bool Raw(scoped ReadOnlySpan<byte> bytes)
    {
        if (Overflowed)
        {
            return false;
        }

        return Fits(bytes.TryCopyTo(_destination[_position..]), bytes.Length);
    }

    private bool Fits(bool wrote, int written)
    {
        if (!wrote)
        {
            Overflowed = true;
            return false;
        }

        _position += written;
        return true;
    }
}
