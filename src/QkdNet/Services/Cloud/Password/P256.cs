using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.Math.EC;
using ECCurve = Org.BouncyCastle.Math.EC.ECCurve;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// NIST P-256 (FIPS 186-5; SEC 2 secp256r1): prime order q, cofactor 1, so every point on the curve other than the
/// point at infinity generates the group and no cofactor clearing is needed. BouncyCastle's specialised field
/// arithmetic (<c>SecP256R1Curve</c>). Thread-safe (immutable).
/// </summary>
internal static class P256
{
    /// <summary>Bytes of a scalar or a field element.</summary>
    public const int ScalarBytes = 32;

    /// <summary>Bytes of a SEC1 compressed point.</summary>
    public const int CompressedPointBytes = 33;

    private static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("P-256");

    public static ECCurve Curve => Parameters.Curve;

    /// <summary>The group order q.</summary>
    public static BigInteger Order => Parameters.N;

    /// <summary>The field prime p.</summary>
    public static BigInteger FieldPrime => Parameters.Curve.Field.Characteristic;

    /// <summary>A uniform scalar in [1, q) from <see cref="RandomNumberGenerator"/>, by rejection sampling.</summary>
    public static BigInteger RandomScalar()
    {
        Span<byte> buffer = stackalloc byte[ScalarBytes];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(buffer);
                var candidate = new BigInteger(1, buffer);
                if (candidate.SignValue > 0 && candidate.CompareTo(Order) < 0)
                {
                    return candidate;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>A scalar as 32 bytes big-endian (the caller zeroes the array when it holds a secret).</summary>
    public static byte[] ScalarToBytes(BigInteger scalar) => BigIntegers.AsUnsignedByteArray(ScalarBytes, scalar);

    /// <summary>Parses 32 big-endian bytes as a scalar below q; null when the length or value is out of range.</summary>
    public static BigInteger? TryScalarFromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ScalarBytes)
        {
            return null;
        }

        var value = new BigInteger(1, bytes);
        return value.CompareTo(Order) < 0 ? value : null;
    }
}
