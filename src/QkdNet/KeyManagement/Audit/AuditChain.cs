using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QkdNet.KeyManagement.Audit;

/// <summary>
/// The hash chain of the audit log: record <c>n</c> stores <c>H(n) = SHA-256(H(n-1) | n | time | kind | subject | detail)</c>
/// (fields length-prefixed), with <c>H(0)</c> 32 zero bytes. Changing, inserting or removing any record
/// breaks every later link; the store also keeps a MAC of the head under the master key so cutting off
/// the tail is caught too. Thread-safe (stateless).
/// </summary>
public static class AuditChain
{
    /// <summary>Length of a record hash, in bytes.</summary>
    public const int HashLength = 32;

    /// <summary>The previous-hash of the first record.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashLength];

    /// <summary>The hash of one record given its predecessor's.</summary>
    public static byte[] ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, long atUnixMilliseconds, string kind, string subject, string detail)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(detail);
        // the fields laid out as the incremental hash saw them (same digest), hashed in one call: an IncrementalHash costs
        // an OpenSSL context and a native call per field, on the store's writer for every request
        int length = previousHash.Length + 16 + TextLength(kind) + TextLength(subject) + TextLength(detail);
        byte[] record = new byte[length];
        Span<byte> rest = record;
        previousHash.CopyTo(rest);
        rest = rest[previousHash.Length..];
        BinaryPrimitives.WriteInt64BigEndian(rest, sequence);
        BinaryPrimitives.WriteInt64BigEndian(rest[8..], atUnixMilliseconds);
        rest = rest[16..];
        rest = WriteText(rest, kind);
        rest = WriteText(rest, subject);
        WriteText(rest, detail);
        return SHA256.HashData(record);
    }

    private static int TextLength(string text) => 4 + Encoding.UTF8.GetByteCount(text);

    /// <summary>Writes <paramref name="text"/> as a big-endian 32-bit byte count and its UTF-8; returns what follows it.</summary>
    private static Span<byte> WriteText(Span<byte> destination, string text)
    {
        int written = Encoding.UTF8.GetBytes(text, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, written);
        return destination[(4 + written)..];
    }
}
