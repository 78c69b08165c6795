using System.Security.Cryptography;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// A P-256 point other than the point at infinity, as it travels: 33 bytes, SEC1 compressed (SEC 1 v2, Section 2.3.3).
/// The blinded element a client sends and the evaluated element a server returns. <see cref="TryDecode"/> is the one
/// validating entry point: the bytes decode to a point on the curve (cofactor 1, so in the group) that is not infinity.
/// Immutable, thread-safe; equality by encoding.
/// </summary>
public sealed class GroupElement : IEquatable<GroupElement>
{
    private readonly byte[] _encoded;

    private GroupElement(ECPoint point, byte[] encoded)
    {
        Point = point;
        _encoded = encoded;
    }

    /// <summary>The 33-byte compressed encoding.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    internal ECPoint Point { get; }

    /// <summary>Parses a compressed (33-byte, 0x02/0x03) or uncompressed (65-byte, 0x04) SEC1 point; the failure names the problem.</summary>
    public static Result<GroupElement> TryDecode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length is not (P256.CompressedPointBytes or 2 * P256.ScalarBytes + 1))
        {
            return Result<GroupElement>.Fail($"a P-256 group element is 33 bytes (compressed) or 65 (uncompressed), not {encoded.Length}.");
        }

        bool compressed = encoded.Length == P256.CompressedPointBytes;
        if (compressed ? encoded[0] is not (0x02 or 0x03) : encoded[0] != 0x04)
        {
            return Result<GroupElement>.Fail($"a SEC1 point of {encoded.Length} bytes starts with {(compressed ? "0x02 or 0x03" : "0x04")}, not 0x{encoded[0]:x2}.");
        }

        ECPoint point;
        try
        {
            point = P256.Curve.DecodePoint(encoded.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // BouncyCastle throws these for an x with no point, a coordinate not below p, or (x, y) off the curve.
            return Result<GroupElement>.Fail("the bytes are not a point on P-256.");
        }

        return FromPoint(point) ?? Result<GroupElement>.Fail("the point at infinity is not a valid group element here.");
    }

    /// <summary>Wraps a point; null for the point at infinity.</summary>
    internal static GroupElement? FromPoint(ECPoint point)
    {
        ECPoint normal = point.Normalize();
        return normal.IsInfinity || !normal.IsValid() ? null : new GroupElement(normal, normal.GetEncoded(compressed: true));
    }

    /// <summary>Constant-time comparison of the encodings.</summary>
    public bool Equals(GroupElement? other) => other is not null && CryptographicOperations.FixedTimeEquals(_encoded, other._encoded);

    public override bool Equals(object? obj) => Equals(obj as GroupElement);

    public override int GetHashCode() => BitConverter.ToInt32(_encoded, 1);

    /// <summary>The compressed encoding in hex (a group element is public).</summary>
    public override string ToString() => Convert.ToHexStringLower(_encoded);
}
