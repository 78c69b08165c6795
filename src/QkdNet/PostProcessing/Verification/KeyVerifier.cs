using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Verification;

/// <summary>
/// Checks that Alice's and Bob's reconciled keys are equal: Alice sends
/// <see cref="CreateTag(BitString)"/> of her key, Bob calls <see cref="Verify"/> on his.
/// </summary>
/// <remarks>
/// The tag is a fresh random hash key k (from <see cref="RandomNumberGenerator"/>) followed by the
/// polynomial hash of the key's words and its bit length under k (Wegman and Carter 1981, Sec. 3).
/// Keys that differ pass with probability at most (words + 1) / 2^64
/// (<see cref="CollisionProbabilityBound"/>), because k is drawn after reconciliation, independently
/// of Bob's residual errors. The tag is public and reveals <see cref="LeakedBits"/> bits about the
/// key, which privacy amplification must subtract. Thread-safe.
/// </remarks>
public static class KeyVerifier
{
    /// <summary>Size of a tag in bytes: the 8-byte hash key, then the 8-byte hash, little-endian.</summary>
    public const int TagSizeBytes = 16;

    /// <summary>Bits of information a tag discloses about the key (the hash value), in bits.</summary>
    public const int LeakedBits = 64;

    /// <summary>A tag for <paramref name="key"/> under a fresh random hash key.</summary>
    public static byte[] CreateTag(BitString key)
    {
        Span<byte> hashKey = stackalloc byte[8];
        RandomNumberGenerator.Fill(hashKey);
        return CreateTag(key, BinaryPrimitives.ReadUInt64LittleEndian(hashKey));
    }

    /// <summary>True when <paramref name="key"/> hashes to <paramref name="tag"/>; compared in constant time.</summary>
    /// <exception cref="ArgumentException">The tag is not <see cref="TagSizeBytes"/> bytes long.</exception>
    public static bool Verify(BitString key, ReadOnlySpan<byte> tag)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (tag.Length != TagSizeBytes)
        {
            throw new ArgumentException($"A verification tag is {TagSizeBytes} bytes, not {tag.Length}.", nameof(tag));
        }

        ulong hashKey = BinaryPrimitives.ReadUInt64LittleEndian(tag);
        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, Hash(key, hashKey));
        return CryptographicOperations.FixedTimeEquals(expected, tag[8..]);
    }

    /// <summary>
    /// Upper bound on the probability that two different keys of at most <paramref name="keyBits"/>
    /// bits get the same tag: (words + 1) / 2^64, the hash being a polynomial of that degree in k.
    /// </summary>
    public static double CollisionProbabilityBound(int keyBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keyBits);
        return (BitString.WordCount(keyBits) + 1) / 18446744073709551616.0;
    }

    /// <summary>The tag of <paramref name="key"/> under the given hash key (tests use fixed keys).</summary>
    internal static byte[] CreateTag(BitString key, ulong hashKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        var tag = new byte[TagSizeBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(tag, hashKey);
        BinaryPrimitives.WriteUInt64LittleEndian(tag.AsSpan(8), Hash(key, hashKey));
        return tag;
    }

    /// <summary>Hash of the words then the bit length, so strings of different lengths differ.</summary>
    internal static ulong Hash(BitString key, ulong hashKey)
    {
        ulong state = PolynomialHash.Absorb(0, hashKey, key.ReadOnlyWords);
        return PolynomialHash.Absorb(state, hashKey, (ulong)key.Length);
    }
}
