using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace QkdNet.KeyManagement.Sealing;

/// <summary>
/// One share of a secret: the point (<see cref="X"/>, y) of each byte's polynomial. Secret: <see cref="ToString"/>
/// shows only the index; <see cref="Dispose"/> zeroes it. Not thread-safe.
/// </summary>
public sealed class ShamirShare : IDisposable
{
    private const string TextPrefix = "qkdnet-share-v1:";
    private readonly byte[] _y;

    internal ShamirShare(byte x, byte[] y)
    {
        X = x;
        _y = y;
    }

    /// <summary>The share's x coordinate, 1 to 255 (0 would be the secret itself).</summary>
    public byte X { get; }

    /// <summary>Length of the shared secret, in bytes.</summary>
    public int Length => _y.Length;

    internal ReadOnlySpan<byte> Y => _y;

    /// <summary>
    /// The share as text for an operator to keep (<c>qkdnet-share-v1:X:base64</c>). This string is secret
    /// and cannot be zeroed; show it once and do not log it.
    /// </summary>
    public string ToPortableText() =>
        string.Create(CultureInfo.InvariantCulture, $"{TextPrefix}{X}:{Convert.ToBase64String(_y)}");

    /// <summary>Reads <see cref="ToPortableText"/>'s form; false when malformed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ShamirShare? share)
    {
        share = null;
        if (text is null || !text.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        string[] parts = text[TextPrefix.Length..].Split(':');
        if (parts.Length != 2 || !byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out byte x) || x == 0)
        {
            return false;
        }

        byte[] y = new byte[(parts[1].Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(parts[1], y, out int written) || written == 0)
        {
            CryptographicOperations.ZeroMemory(y);
            return false;
        }

        share = new ShamirShare(x, y[..written]);
        CryptographicOperations.ZeroMemory(y);
        return true;
    }

    /// <summary>Zeroes the share.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_y);

    /// <summary>The index and length only.</summary>
    public override string ToString() => $"ShamirShare(x={X}, {Length} bytes)";
}
