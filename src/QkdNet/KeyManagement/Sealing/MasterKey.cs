using System.Security.Cryptography;
using System.Text;

namespace QkdNet.KeyManagement.Sealing;

/// <summary>
/// The node master key (256 bits): every row of key material is encrypted under keys derived from it.
/// Lives only in memory while the store is unsealed; <see cref="Dispose"/> zeroes it.
/// </summary>
public sealed class MasterKey : IDisposable
{
    /// <summary>Length in bytes.</summary>
    public const int Length = 32;

    private static readonly byte[] CheckLabel = Encoding.ASCII.GetBytes("QkdNet.KeyStore.MasterKeyCheck.v1");
    private readonly byte[] _bytes;

    private MasterKey(byte[] bytes) => _bytes = bytes;

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A fresh key from <see cref="RandomNumberGenerator"/>.</summary>
    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>Takes ownership of <paramref name="bytes"/> (must be <see cref="Length"/> bytes).</summary>
    internal static MasterKey TakeOwnership(byte[] bytes) =>
        bytes.Length == Length ? new(bytes) : throw new ArgumentException($"A master key is {Length} bytes.", nameof(bytes));

    /// <summary>
    /// A 32-byte check value, HMAC-SHA256(key, label), stored in clear to recognise the right key
    /// without revealing it.
    /// </summary>
    public byte[] ComputeCheckValue() => HMACSHA256.HashData(_bytes, CheckLabel);

    /// <summary>Whether <paramref name="checkValue"/> belongs to this key (constant time).</summary>
    public bool Matches(ReadOnlySpan<byte> checkValue)
    {
        byte[] mine = ComputeCheckValue();
        return CryptographicOperations.FixedTimeEquals(mine, checkValue);
    }

    /// <summary>A 32-byte subkey for <paramref name="purpose"/> (HKDF-SHA256, RFC 5869), so no two uses share a key.</summary>
    internal byte[] DeriveSubkey(string purpose, ReadOnlySpan<byte> salt)
    {
        byte[] output = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _bytes, output, salt, Encoding.ASCII.GetBytes(purpose));
        return output;
    }

    /// <summary>Zeroes the key.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_bytes);

    /// <summary>Never the key.</summary>
    public override string ToString() => "MasterKey(256 bits)";
}
