using System.Buffers.Binary;

namespace QkdNet.KeyManagement.Sealing;

/// <summary>
/// What a store keeps in clear to open its master key later: the key's check value, the passphrase
/// salt and iteration count with the master key wrapped under the passphrase key, and the share threshold.
/// No secret in it. Stored as one blob (<see cref="ToBytes"/>) by any store implementation.
/// </summary>
/// <param name="CheckValue">HMAC-SHA256 check value of the master key (32 bytes).</param>
/// <param name="PassphraseSalt">16 random bytes of PBKDF2 salt; empty without a passphrase.</param>
/// <param name="Pbkdf2Iterations">PBKDF2 iterations; 0 without a passphrase.</param>
/// <param name="WrappedMasterKey">nonce (12) | tag (16) | AES-256-GCM ciphertext (32) of the master key; empty without a passphrase.</param>
/// <param name="ShareThreshold">Shares needed; 0 without shares.</param>
/// <param name="ShareCount">Shares issued; 0 without shares.</param>
public sealed record SealRecord(
    byte[] CheckValue,
    byte[] PassphraseSalt,
    int Pbkdf2Iterations,
    byte[] WrappedMasterKey,
    int ShareThreshold,
    int ShareCount)
{
    private const byte FormatVersion = 1;

    /// <summary>Whether a passphrase can open the key.</summary>
    public bool HasPassphrase => WrappedMasterKey.Length > 0;

    /// <summary>Serialises the record.</summary>
    public byte[] ToBytes()
    {
        byte[] bytes = new byte[1 + 32 + 4 + 1 + PassphraseSalt.Length + 2 + WrappedMasterKey.Length + 2];
        var writer = bytes.AsSpan();
        writer[0] = FormatVersion;
        CheckValue.CopyTo(writer[1..]);
        BinaryPrimitives.WriteInt32BigEndian(writer[33..], Pbkdf2Iterations);
        writer[37] = (byte)PassphraseSalt.Length;
        PassphraseSalt.CopyTo(writer[38..]);
        int at = 38 + PassphraseSalt.Length;
        BinaryPrimitives.WriteUInt16BigEndian(writer[at..], (ushort)WrappedMasterKey.Length);
        WrappedMasterKey.CopyTo(writer[(at + 2)..]);
        at += 2 + WrappedMasterKey.Length;
        writer[at] = (byte)ShareThreshold;
        writer[at + 1] = (byte)ShareCount;
        return bytes;
    }

    /// <summary>Parses <see cref="ToBytes"/>'s form; null when malformed.</summary>
    public static SealRecord? FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 40 || bytes[0] != FormatVersion)
        {
            return null;
        }

        int saltLength = bytes[37];
        int at = 38 + saltLength;
        if (bytes.Length < at + 4)
        {
            return null;
        }

        int wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
        if (bytes.Length != at + 2 + wrappedLength + 2)
        {
            return null;
        }

        return new SealRecord(
            bytes[1..33].ToArray(),
            bytes[38..at].ToArray(),
            BinaryPrimitives.ReadInt32BigEndian(bytes[33..]),
            bytes.Slice(at + 2, wrappedLength).ToArray(),
            bytes[at + 2 + wrappedLength],
            bytes[at + 3 + wrappedLength]);
    }
}
