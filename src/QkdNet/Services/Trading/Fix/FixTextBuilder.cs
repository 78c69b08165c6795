using System.Globalization;
using System.Text;

namespace QkdNet.Services.Trading.Fix;

/// <summary>Appends ASCII pieces to a span without allocating; once a piece does not fit, the result is empty.</summary>
internal ref struct FixTextBuilder
{
    private readonly Span<byte> _destination;
    private int _position;
    private bool _overflowed;

    public FixTextBuilder(Span<byte> destination)
    {
        _destination = destination;
    }

    /// <summary>Bytes written; 0 when something did not fit.</summary>
    public readonly int Length => _overflowed ? 0 : _position;

    public void Append(scoped ReadOnlySpan<byte> ascii)
    {
        _overflowed |= !ascii.TryCopyTo(_destination[_position..]);
        _position += _overflowed ? 0 : ascii.Length;
    }

    public void Append(string ascii)
    {
        _overflowed |= !Encoding.ASCII.TryGetBytes(ascii, _destination[_position..], out int written);
        _position += _overflowed ? 0 : written;
    }

    public void Append(long number)
    {
        _overflowed |= !number.TryFormat(_destination[_position..], out int written, default, CultureInfo.InvariantCulture);
        _position += _overflowed ? 0 : written;
    }
}
