using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The 2HashDH OPRF of TOPPSS (Jarecki, Kiayias, Krawczyk, Xu, ACNS 2017, the threshold 2HashDH OPRF): F_k(pw) = H2(pw, k * H1(pw)), with
/// H1 the RFC 9380 hash to P-256 and H2 HKDF-Extract (RFC 5869, SHA-256); and the keys TOPPSS's PPSS (ibid.)
/// draws from its output rwd: the tag every server stores and the client checks, the envelope key, one confirmation key
/// per server. Holds rwd; <see cref="Dispose"/> zeroes it. Not thread-safe.
/// </summary>
internal sealed class PasswordKeys : IDisposable
{
    /// <summary>Longest password, in UTF-8 bytes.</summary>
    public const int MaxPasswordBytes = 1024;

    /// <summary>Bytes of the tag and of each derived key.</summary>
    public const int KeyBytes = 32;

    private static readonly byte[] HashToCurveDst = Encoding.ASCII.GetBytes("QkdNet-TOPPSS-V01-CS01-with-P256_XMD:SHA-256_SSWU_RO_");
    private static readonly byte[] RwdSalt = Encoding.ASCII.GetBytes("QkdNet TOPPSS rwd v1");

    private readonly byte[] _rwd;

    private PasswordKeys(byte[] rwd) => _rwd = rwd;

    /// <summary>
    /// H1(user, pw): the password's point, hashed with the user name so that no two users share one (the input is
    /// I2OSP(len(user), 2) || user || I2OSP(len(pw), 2) || pw).
    /// </summary>
    public static ECPoint HashPassword(UserId user, ReadOnlySpan<byte> password)
    {
        byte[] userBytes = Encoding.ASCII.GetBytes(user.Value);
        byte[] input = new byte[2 + userBytes.Length + 2 + password.Length];
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(input, (ushort)userBytes.Length);
            userBytes.CopyTo(input, 2);
            BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(2 + userBytes.Length), (ushort)password.Length);
            password.CopyTo(input.AsSpan(4 + userBytes.Length));
            return HashToCurveP256.HashToCurve(input, HashToCurveDst);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>rwd = H2(pw, k * H1(pw)) from the unblinded OPRF value <paramref name="oprfValue"/> = k * H1(pw).</summary>
    public static PasswordKeys FromOprfValue(ReadOnlySpan<byte> password, ECPoint oprfValue)
    {
        byte[] point = oprfValue.Normalize().GetEncoded(compressed: true);
        byte[] input = new byte[2 + password.Length + point.Length];
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(input, (ushort)password.Length);
            password.CopyTo(input.AsSpan(2));
            point.CopyTo(input, 2 + password.Length);
            return new PasswordKeys(HKDF.Extract(HashAlgorithmName.SHA256, input, RwdSalt));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(point);
        }
    }

    /// <summary>F_k(pw) computed by whoever knows k (the client at set-up).</summary>
    public static PasswordKeys Evaluate(UserId user, ReadOnlySpan<byte> password, BigInteger key) =>
        FromOprfValue(password, HashPassword(user, password).Multiply(key));

    /// <summary>The tag v that every server stores and returns; a candidate rwd is right exactly when its tag matches.</summary>
    public byte[] Tag() => Expand("QkdNet TOPPSS tag");

    /// <summary>The AES-256-GCM key of the envelope that holds the user's secret.</summary>
    public byte[] EnvelopeKey() => Expand("QkdNet TOPPSS envelope");

    /// <summary>The confirmation key c_i of the server holding share <paramref name="shareIndex"/> (each server knows only its own).</summary>
    public byte[] ConfirmationKey(int shareIndex) => Expand($"QkdNet TOPPSS confirm {shareIndex}");

    public void Dispose() => CryptographicOperations.ZeroMemory(_rwd);

    /// <summary>Never the bytes.</summary>
    public override string ToString() => "PasswordKeys(rwd hidden)";

    private byte[] Expand(string info) => HKDF.Expand(HashAlgorithmName.SHA256, _rwd, KeyBytes, Encoding.ASCII.GetBytes(info));
}
