using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QkdNet.Primitives.SecretSharing;

/// <summary>
/// The default source of Shamir coefficients: an AES-256 counter-mode keystream under a key and nonce prefix drawn
/// from <see cref="RandomNumberGenerator"/> for each split, the generate function of NIST SP 800-90A Rev. 1 CTR_DRBG
/// (Sec. 10.2.1.5), which is also what the system generator runs (OpenSSL's RAND_bytes is a CTR_DRBG with AES-256), so
/// the shares are exactly as strong as with the system generator, at the AES instructions' speed rather than one
/// system call per request (about 1 GB/s here, too slow for k - 1 random bytes per secret byte at the split goal:
/// docs/PERFORMANCE.md, secret sharing). .NET has no bare CTR mode, so the keystream is AES-GCM's encryption of zeros
/// (its ciphertext is exactly the CTR keystream, NIST SP 800-38D, Sec. 7.1; the tag is discarded); every call takes a
/// fresh nonce. Not thread-safe; <see cref="Dispose"/> destroys the key.
/// </summary>
internal sealed class AesCtrRandomness : IDisposable
{
    private readonly AesGcm _aes;
    private readonly byte[] _nonce = new byte[AesGcm.NonceByteSizes.MaxSize];
    private readonly byte[] _tag = new byte[AesGcm.TagByteSizes.MaxSize];
    private ulong _calls;

    public AesCtrRandomness()
    {
        Span<byte> key = stackalloc byte[32];
        RandomNumberGenerator.Fill(key);
        _aes = new AesGcm(key, _tag.Length);
        CryptographicOperations.ZeroMemory(key);
        RandomNumberGenerator.Fill(_nonce.AsSpan(0, 4));
    }

    /// <summary>
    /// A keystream under a given 32-byte key with a zero nonce prefix: the same key gives the same sequence of
    /// <see cref="Fill"/> outputs at both ends (a pseudo-random function keyed by a shared key, e.g. for pseudo-random
    /// secret sharing). The caller keeps the key secret and zeroes its copy.
    /// </summary>
    public AesCtrRandomness(ReadOnlySpan<byte> key)
    {
        _aes = new AesGcm(key, _tag.Length);
    }

    /// <summary>Fills <paramref name="destination"/> with keystream (at most 2^32 - 2 blocks per call, far above any block here).</summary>
    public void Fill(Span<byte> destination)
    {
        destination.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(_nonce.AsSpan(4), ++_calls);
        _aes.Encrypt(_nonce, destination, destination, _tag);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the keystream at position <paramref name="index"/>: the same key and index
    /// give the same bytes, in any order and as often as asked (a pseudo-random function of the index, for a split that
    /// rebuilds one segment's coefficients in each of several independent streams). Distinct indexes take distinct nonces;
    /// an instance used this way must not also be used through <see cref="Fill"/>, whose nonces are 1, 2, ...
    /// </summary>
    public void FillAt(ulong index, Span<byte> destination)
    {
        destination.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(_nonce.AsSpan(4), index);
        _aes.Encrypt(_nonce, destination, destination, _tag);
    }

    public void Dispose() => _aes.Dispose();
}
