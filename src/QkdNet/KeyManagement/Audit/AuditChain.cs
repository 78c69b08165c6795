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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(previousHash);
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, atUnixMilliseconds);
        hash.AppendData(number);
        AppendText(hash, kind);
        AppendText(hash, subject);
        AppendText(hash, detail);
        return hash.GetHashAndReset();
    }

    private static void AppendText(IncrementalHash hash, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
