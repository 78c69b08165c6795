using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// Key confirmation of a relayed key: proof, sent from the destination back to the origin, that the destination holds
/// the very key the origin made, for the very manifest the origin wrote. The shares carry, after the key, 16 bytes of
/// confirmation key (a polynomial-hash key h and a tag pad p), XOR-shared with it, so no node that misses a share knows
/// either. The destination answers t = poly_h(key || manifest) XOR p, a Wegman-Carter tag (Wegman and Carter, JCSS 22
/// (1981), Sec. 4; the hash of <see cref="MessageAuthenticator"/>), and the origin compares it with its own in constant
/// time.
/// </summary>
/// <remarks>
/// Why it catches a single malicious intermediate: it holds one share, so it may add a known difference to the secret
/// (key, h, p) but knows none of them. With h unchanged, a changed key or manifest shifts the hash by a non-zero
/// polynomial in the uniform h, equal to the change in p with probability at most (words + 2) / 2^64; with h changed,
/// the hash depends on the uniform, unknown key with a non-zero coefficient, again at most that. Replacing the tag on
/// its way back needs p, which it does not know. The tag is padded by p, used once, so it reveals nothing about the key
/// (perfect secrecy of the one-time pad): the relay stays information-theoretically secure.
/// </remarks>
public static class RelayConfirmation
{
    /// <summary>Confirmation key carried after the key in every relay's secret: 8 bytes of hash key, 8 of tag pad.</summary>
    public const int KeyBytes = 16;

    /// <summary>
    /// A fresh secret for <paramref name="manifest"/>: <see cref="RelayManifest.KeyBytes"/> of key, then the
    /// confirmation key, all from <see cref="RandomNumberGenerator"/>.
    /// </summary>
    public static KeyMaterial NewSecret(RelayManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        byte[] secret = new byte[manifest.SecretBytes];
        RandomNumberGenerator.Fill(secret);
        return KeyMaterial.TakeOwnership(secret);
    }

    /// <summary>The tag over the key part of <paramref name="secret"/> and <paramref name="manifest"/>, keyed by the secret's confirmation part.</summary>
    public static ulong Tag(ReadOnlySpan<byte> secret, RelayManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (secret.Length != manifest.SecretBytes)
        {
            throw new ArgumentException($"A relay secret for this manifest is {manifest.SecretBytes} bytes.", nameof(secret));
        }

        ReadOnlySpan<byte> key = secret[..manifest.KeyBytes];
        ulong hashKey = BinaryPrimitives.ReadUInt64LittleEndian(secret[manifest.KeyBytes..]);
        ulong pad = BinaryPrimitives.ReadUInt64LittleEndian(secret[(manifest.KeyBytes + 8)..]);
        byte[] message = new byte[key.Length + manifest.Canonical.Length];
        try
        {
            key.CopyTo(message);
            manifest.Canonical.CopyTo(message.AsSpan(key.Length));
            // sequence 0 and the Bob direction: a confirmation can never stand for a hop's tag (those count from 1)
            return MessageAuthenticator.ComputeTag(hashKey, pad, message, 0, AuthenticationRole.Bob);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(message);
        }
    }

    /// <summary>Whether <paramref name="tag"/> (from the destination) confirms <paramref name="secret"/> for <paramref name="manifest"/>; constant time.</summary>
    public static bool Confirms(ReadOnlySpan<byte> secret, RelayManifest manifest, ulong tag)
    {
        Span<byte> expected = stackalloc byte[8];
        Span<byte> given = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(expected, Tag(secret, manifest));
        BinaryPrimitives.WriteUInt64BigEndian(given, tag);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
