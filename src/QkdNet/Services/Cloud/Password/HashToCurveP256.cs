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
/// The arithmetic is BouncyCastle's P-256 field (<c>SecP256R1FieldElement</c>); the map branches on whether g(x1) is a
/// square, so its time depends on the message (the password on the client): it is not constant time. Thread-safe (no shared state).
/// </remarks>
public static class HashToCurveP256
{
    /// <summary>Bytes per field element drawn by hash_to_field: L = ceil((ceil(log2(p)) + k) / 8) = 48 for k = 128.</summary>
    private const int FieldElementBytes = 48;

    private const int HashBytes = 32;

    private const int HashBlockBytes = 64;

    // RFC 9380, Section 8.2: Z = -10; the map's constants -B / A and B / (Z A) (Section 6.6.2, steps 2-3).
    private static readonly ECFieldElement FieldZ = P256.Curve.FromBigInteger(P256.FieldPrime.Subtract(BigInteger.ValueOf(10)));
    private static readonly ECFieldElement MinusBOverA = P256.Curve.B.Negate().Multiply(P256.Curve.A.Invert());
    private static readonly ECFieldElement BOverZA = P256.Curve.B.Multiply(FieldZ.Multiply(P256.Curve.A).Invert());

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
        ECCurve curve = P256.Curve;
        ECFieldElement fu = curve.FromBigInteger(u);

        // Steps 1-3: tv1 = inv0(Z^2 u^4 + Z u^2); x1 = (-B / A)(1 + tv1), or B / (Z A) when tv1 = 0.
        ECFieldElement zu2 = FieldZ.Multiply(fu.Square());
        ECFieldElement denominator = zu2.Square().Add(zu2);
        ECFieldElement x1 = denominator.IsZero
            ? BOverZA
            : MinusBOverA.Multiply(curve.FromBigInteger(BigInteger.One).Add(denominator.Invert()));

        // Steps 4-8: gx1 = x1^3 + A x1 + B; when it is a square take x1, else x2 = Z u^2 x1 (then g(x2) is a square).
        // The field's square root returns null for a non-square (p = 3 mod 4: x^((p + 1) / 4), checked; Appendix I.1).
        ECFieldElement? y = G(x1).Sqrt();
        ECFieldElement x = x1;
        if (y is null)
        {
            x = zu2.Multiply(x1);
            y = G(x).Sqrt() ?? throw new InvalidOperationException("Simplified SWU: g(x2) is not a square, so Z is wrong.");
        }

        // Step 9: sgn0(y) = sgn0(u) (sgn0 is the parity for a prime field, Section 4.1).
        if (u.TestBit(0) != y.TestBitZero())
        {
            y = y.Negate();
        }

        return curve.CreatePoint(x.ToBigInteger(), y.ToBigInteger());
    }

    // g(x) = x^3 + A x + B.
    private static ECFieldElement G(ECFieldElement x) => x.Square().Add(P256.Curve.A).Multiply(x).Add(P256.Curve.B);
}
