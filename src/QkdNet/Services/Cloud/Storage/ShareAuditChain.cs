using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QkdNet.Services.Cloud.Storage;

/// <summary>
/// The hash chain of a data server's audit log, one code for every store: record i's hash is
/// SHA-256(hash_{i-1} || seq || at || fields), each field length-prefixed so no two different records encode alike
/// (a Merkle-Damgård chain as in Haber and Stornetta, "How to time-stamp a digital document", J. Cryptology 3 (1991),
/// Sec. 5.1). Editing, inserting or deleting a record other than the newest breaks every later hash.
/// </summary>
public static class ShareAuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    public static byte[] Genesis => new byte[SHA256.HashSizeInBytes];

    /// <summary>The hash of the record <paramref name="sequence"/> written at <paramref name="at"/> after <paramref name="previous"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> previous, long sequence, DateTimeOffset at, ShareAuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(previous);
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, at.ToUnixTimeMilliseconds());
        hash.AppendData(number);
        foreach (string field in (string[])[entry.Caller, entry.Role, entry.Action, entry.Target, entry.Allowed ? "allowed" : "denied", entry.Outcome])
        {
            byte[] bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt64BigEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The next record after <paramref name="previous"/> (null: the log is empty).</summary>
    public static ShareAuditRecord Next(ShareAuditRecord? previous, DateTimeOffset at, ShareAuditEvent entry)
    {
        byte[] prior = previous?.Hash ?? Genesis;
        long sequence = (previous?.Sequence ?? 0) + 1;
        at = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        return new ShareAuditRecord(sequence, at, entry, prior, Hash(prior, sequence, at, entry));
    }

    /// <summary>
    /// Checks records read in order from the start of the log: null when every hash and link holds, else the sequence
    /// number of the first record that does not.
    /// </summary>
    public static long? FirstBroken(IEnumerable<ShareAuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        byte[] previous = Genesis;
        long expected = 1;
        foreach (ShareAuditRecord record in records)
        {
            bool linked = record.Sequence == expected && CryptographicOperations.FixedTimeEquals(record.PreviousHash, previous);
            if (!linked || !CryptographicOperations.FixedTimeEquals(record.Hash, Hash(previous, record.Sequence, record.At, record.Event)))
            {
                return record.Sequence;
            }

            previous = record.Hash;
            expected++;
        }

        return null;
    }
}
