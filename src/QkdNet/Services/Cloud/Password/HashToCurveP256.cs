using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using ECCurve = Org.BouncyCastle.Math.EC.ECCurve;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Hashing to P-256, RFC 9380 suite <c>P256_XMD:SHA-256_SSWU_RO_</c> (Section 8.2): expand_message_xmd with SHA-256
/// (Section 5.3.1), hash_to_field with L = 48 and count = 2 (Section 5.2), the simplified SWU map with Z = -10
/// (Section 6.6.2), the sum of the two mapped points (Section 3, hash_to_curve); P-256 has cofactor 1, so no clearing.
/// The output is a random oracle onto the group; H1 of the 2HashDH OPRF in TOPPSS needs exactly that.
/// </summary>
/// <remarks>
/// The arithmetic is BouncyCastle's <see cref="BigInteger"/>, which is not constant time: the time taken can depend on
/// the message (the password on the client). Thread-safe (no shared state).
/// </remarks>
public static class HashToCurveP256
{
    /// <summary>Bytes per field element drawn by hash_to_field: L = ceil((ceil(log2(p)) + k) / 8) = 48 for k = 128.</summary>
    private const int FieldElementBytes = 48;

    private const int HashBytes = 32;

    private const int HashBlockBytes = 64;

    // RFC 9380, Section 8.2: Z = -10.
    private static readonly BigInteger Z = P256.FieldPrime.Subtract(BigInteger.ValueOf(10));

    private static readonly BigInteger A = P256.FieldPrime.Subtract(BigInteger.Three);

    // p = 3 mod 4, so sqrt(x) = x^((p + 1) / 4) when x is a square (RFC 9380, Appendix I.1).
    private static readonly BigInteger SqrtExponent = P256.FieldPrime.Add(BigInteger.One).ShiftRight(2);

    private static readonly BigInteger LegendreExponent = P256.FieldPrime.Subtract(BigInteger.One).ShiftRight(1);

    /// <summary>hash_to_curve(msg) under the domain separation tag <paramref name="dst"/> (1 to 255 bytes).</summary>
    public static ECPoint HashToCurve(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        var (u0, u1) = HashToField(message, dst);
        ECPoint q0 = MapToCurve(u0);
        ECPoint q1 = MapToCurve(u1);
        return q0.Add(q1).Normalize();
    }

    /// <summary>hash_to_field(msg, 2) over the P-256 base field (RFC 9380, Section 5.2).</summary>
    internal static (BigInteger U0, BigInteger U1) HashToField(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<byte> uniform = stackalloc byte[2 * FieldElementBytes];
        ExpandMessageXmd(message, dst, uniform);
        var u0 = new BigInteger(1, uniform[..FieldElementBytes]).Mod(P256.FieldPrime);
        var u1 = new BigInteger(1, uniform[FieldElementBytes..]).Mod(P256.FieldPrime);
        CryptographicOperations.ZeroMemory(uniform);
        return (u0, u1);
    }

    /// <summary>expand_message_xmd with SHA-256 (RFC 9380, Section 5.3.1) into <paramref name="output"/>.</summary>
    internal static void ExpandMessageXmd(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<byte> output)
    {
        if (dst.Length is 0 or > 255)
        {
            throw new ArgumentException("The domain separation tag must be 1 to 255 bytes (RFC 9380, Section 5.3.3).", nameof(dst));
        }

        int ell = (output.Length + HashBytes - 1) / HashBytes;
        if (ell > 255 || output.Length > ushort.MaxValue)
        {
            throw new ArgumentException("expand_message_xmd gives at most 255 hash blocks.", nameof(output));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> lengthAndZero = stackalloc byte[3];
        BinaryPrimitives.WriteUInt16BigEndian(lengthAndZero, (ushort)output.Length);
        lengthAndZero[2] = 0;
        ReadOnlySpan<byte> dstLength = [(byte)dst.Length];

        // b_0 = H(Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime)
        hash.AppendData(stackalloc byte[HashBlockBytes]);
        hash.AppendData(message);
        hash.AppendData(lengthAndZero);
        hash.AppendData(dst);
        hash.AppendData(dstLength);
        Span<byte> b0 = stackalloc byte[HashBytes];
        hash.GetHashAndReset(b0);

        Span<byte> previous = stackalloc byte[HashBytes];
        Span<byte> mixed = stackalloc byte[HashBytes];
        for (int i = 1; i <= ell; i++)
        {
            // b_1 = H(b_0 || I2OSP(1, 1) || DST_prime); b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) || DST_prime)
            for (int j = 0; j < HashBytes; j++)
            {
                mixed[j] = i == 1 ? b0[j] : (byte)(b0[j] ^ previous[j]);
            }

            hash.AppendData(mixed);
            hash.AppendData([(byte)i]);
            hash.AppendData(dst);
            hash.AppendData(dstLength);
            hash.GetHashAndReset(previous);
            int offset = (i - 1) * HashBytes;
            previous[..Math.Min(HashBytes, output.Length - offset)].CopyTo(output[offset..]);
        }

        CryptographicOperations.ZeroMemory(b0);
        CryptographicOperations.ZeroMemory(previous);
        CryptographicOperations.ZeroMemory(mixed);
    }

    /// <summary>The simplified SWU map onto P-256 (RFC 9380, Section 6.6.2), affine, for a field element u.</summary>
    internal static ECPoint MapToCurve(BigInteger u)
    {
        BigInteger p = P256.FieldPrime;
        BigInteger b = P256.B;

        // Steps 1-3: tv1 = inv0(Z^2 u^4 + Z u^2); x1 = (-B / A)(1 + tv1), or B / (Z A) when tv1 = 0.
        BigInteger zu2 = Z.Multiply(u.ModPow(BigInteger.Two, p)).Mod(p);
        BigInteger denominator = zu2.Multiply(zu2).Add(zu2).Mod(p);
        BigInteger x1 = denominator.SignValue == 0
            ? b.Multiply(Z.Multiply(A).ModInverse(p)).Mod(p)
            : p.Subtract(b).Multiply(A.ModInverse(p)).Multiply(BigInteger.One.Add(denominator.ModInverse(p))).Mod(p);

        // Steps 4-6: gx1 = x1^3 + A x1 + B; x2 = Z u^2 x1; gx2 = x2^3 + A x2 + B.
        BigInteger gx1 = Curve(x1);
        BigInteger x2 = zu2.Multiply(x1).Mod(p);
        BigInteger gx2 = Curve(x2);

        // Steps 7-8: take the x whose g(x) is a square; both roots are computed either way.
        BigInteger y1 = gx1.ModPow(SqrtExponent, p);
        BigInteger y2 = gx2.ModPow(SqrtExponent, p);
        bool gx1IsSquare = IsSquare(gx1);
        BigInteger x = gx1IsSquare ? x1 : x2;
        BigInteger y = gx1IsSquare ? y1 : y2;

        // Step 9: sgn0(y) = sgn0(u) (sgn0 is the parity for a prime field, Section 4.1).
        if (u.TestBit(0) != y.TestBit(0))
        {
            y = p.Subtract(y).Mod(p);
        }

        return P256.Curve.CreatePoint(x, y);
    }

    private static BigInteger Curve(BigInteger x)
    {
        BigInteger p = P256.FieldPrime;
        return x.ModPow(BigInteger.Three, p).Add(A.Multiply(x)).Add(P256.B).Mod(p);
    }

    // Euler's criterion: x^((p - 1) / 2) is 1 for a non-zero square, 0 for zero (RFC 9380, Section 4: is_square).
    private static bool IsSquare(BigInteger x)
    {
        BigInteger legendre = x.ModPow(LegendreExponent, P256.FieldPrime);
        return legendre.SignValue == 0 || legendre.Equals(BigInteger.One);
    }
}
