using System.Buffers.Binary;
using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Verification;

namespace QkdNet.Services.Cloud.Integrity;

/// <summary>
/// The information-theoretic MAC of a stored share: the project's Wegman-Carter tag (<see cref="MessageAuthenticator"/>,
/// polynomial hash over GF(2^64) plus a one-time pad), keyed by 16 bytes of QKD key held only by the owner, over the
/// share's bytes with its version as the sequence word. A server that substitutes any other bytes (or a share of another
/// object, or a stale version) passes with probability at most (⌈L/8⌉ + 2) / 2^64 per attempt (Wegman and Carter,
/// JCSS 22 (1981), Sec. 4; bound in <see cref="PolynomialHash"/>).
/// </summary>
/// <remarks>
/// The hash is affine in the share: h(m, v) = A(m) + C(v, L), A linear (Horner over the words, <see cref="PolynomialHash"/>).
/// So after a proactive refresh m' = m + δ at version v + 1 the owner updates the tag without the share:
/// t' = t + h(δ, v + 1) + C(v, L), where C(v, L) = h(0^L, v) needs only two field products (the zero words contribute
/// nothing to Horner's sum). Tags never leave the owner, so the key may serve every version of one share.
/// </remarks>
public static class ShareMac
{
    /// <summary>Key bytes per share: the 64-bit hash key and the 64-bit pad.</summary>
    public const int KeyBytes = 16;

    /// <summary>The tag of <paramref name="share"/> at <paramref name="version"/> under <paramref name="key"/> (16 bytes).</summary>
    public static ulong Tag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> share, long version)
    {
        (ulong hashKey, ulong pad) = Split(key);
        return MessageAuthenticator.ComputeTag(hashKey, pad, share, (ulong)version, AuthenticationRole.Alice);
    }

    /// <summary>The tag at version <paramref name="version"/> + 1 after <paramref name="delta"/> is added to the share tagged <paramref name="tag"/> at <paramref name="version"/>.</summary>
    public static ulong Refreshed(ReadOnlySpan<byte> key, ulong tag, ReadOnlySpan<byte> delta, long version)
    {
        (ulong hashKey, _) = Split(key);
        ulong deltaHash = MessageAuthenticator.ComputeTag(hashKey, 0, delta, (ulong)(version + 1), AuthenticationRole.Alice);
        return tag ^ deltaHash ^ ZeroHash(hashKey, delta.Length, version);
    }

    /// <summary>h(0^L, v): the tag words of <see cref="MessageAuthenticator.ComputeTag"/> after an all-zero message, which leaves Horner's state at 0.</summary>
    private static ulong ZeroHash(ulong hashKey, int length, long version)
    {
        ulong state = PolynomialHash.Absorb(0, hashKey, (ulong)version);
        return PolynomialHash.Absorb(state, hashKey, (uint)length | ((ulong)(uint)AuthenticationRole.Alice << 63));
    }

    private static (ulong HashKey, ulong Pad) Split(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"A share MAC key is {KeyBytes} bytes.", nameof(key));
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..]));
    }
}
