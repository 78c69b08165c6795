using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement.Audit;

/// <summary>
/// Checks an audit log record by record in sequence order (<see cref="AuditChain"/>), then its signed head,
/// for any store. Also signs a head. Not thread-safe: one reader per verification.
/// </summary>
internal sealed class AuditChainReader
{
    private const string HeadMacPurpose = "QkdNet.KeyStore.AuditHead.v1";
    private byte[] _previous = AuditChain.Genesis.ToArray();

    /// <summary>Records read so far.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// The signed head: sequence (8, big-endian) | hash (32) | HMAC-SHA256 of both under a key derived from
    /// the master key, so deleting the newest records (which leaves a valid shorter chain) is caught too.
    /// </summary>
    public static byte[] SignHead(MasterKey masterKey, long sequence, ReadOnlySpan<byte> hash)
    {
        byte[] key = DeriveHeadKey(masterKey);
        try
        {
            return SignHead(key, sequence, hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The head's MAC key, derived from <paramref name="masterKey"/>; the caller zeroes it.</summary>
    public static byte[] DeriveHeadKey(MasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        return masterKey.DeriveSubkey(HeadMacPurpose, []);
    }

    /// <summary>As <see cref="SignHead(MasterKey, long, ReadOnlySpan{byte})"/>, under a key from <see cref="DeriveHeadKey"/>.</summary>
    public static byte[] SignHead(ReadOnlySpan<byte> headKey, long sequence, ReadOnlySpan<byte> hash)
    {
        byte[] head = new byte[8 + AuditChain.HashLength + 32];
        BinaryPrimitives.WriteInt64BigEndian(head, sequence);
        hash.CopyTo(head.AsSpan(8));
        HMACSHA256.HashData(headKey, head.AsSpan(0, 8 + AuditChain.HashLength), head.AsSpan(8 + AuditChain.HashLength));
        return head;
    }

    /// <summary>Checks the next record; a failed verification when it breaks the chain, else null.</summary>
    public AuditVerification? Add(long sequence, long atUnixMilliseconds, string kind, string subject, string detail, byte[] storedPrevious, byte[] storedHash)
    {
        Count++;
        if (sequence != Count)
        {
            return new AuditVerification(false, Count, sequence, $"Record {Count} is missing (found {sequence}).");
        }

        byte[] expected = AuditChain.ComputeHash(_previous, sequence, atUnixMilliseconds, kind, subject, detail);
        if (!CryptographicOperations.FixedTimeEquals(storedPrevious, _previous) || !CryptographicOperations.FixedTimeEquals(storedHash, expected))
        {
            return new AuditVerification(false, Count, sequence, $"Record {sequence} does not match its hash or its predecessor's.");
        }

        _previous = storedHash;
        return null;
    }

    /// <summary>After the last record: checks the stored signed head when the master key is at hand (unsealed).</summary>
    public AuditVerification Finish(MasterKey? masterKey, byte[]? storedHead)
    {
        if (masterKey is not null && Count > 0
            && (storedHead is null || !CryptographicOperations.FixedTimeEquals(storedHead, SignHead(masterKey, Count, _previous))))
        {
            return new AuditVerification(false, Count, Count, $"The signed head does not match record {Count}: records were removed or rewritten.");
        }

        return new AuditVerification(true, Count, null, null);
    }
}
