using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Audit;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    private const string AuditHeadName = "audit.head";
    private const string AuditMacPurpose = "QkdNet.KeyStore.AuditHead.v1";
    private long _auditSequence;
    private byte[] _auditHash = [];
    private long _auditHeadWritten;

    /// <summary>Appends one record to the chain, inside the caller's transaction.</summary>
    private void AppendAudit(AuditEventKind kind, string subject, string detail)
    {
        _options.BeforeAuditWrite?.Invoke(kind);
        long sequence = _auditSequence + 1;
        long at = NowUnixMilliseconds;
        string kindName = kind.ToString();
        byte[] hash = AuditChain.ComputeHash(_auditHash, sequence, at, kindName, subject, detail);
        SqliteCommand command = Command("INSERT INTO audit(seq, at, kind, subject, detail, prev_hash, hash) VALUES ($seq, $at, $kind, $subject, $detail, $prev, $hash);");
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$at", at);
        command.Parameters.AddWithValue("$kind", kindName);
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$detail", detail);
        command.Parameters.AddWithValue("$prev", _auditHash);
        command.Parameters.AddWithValue("$hash", hash);
        command.ExecuteNonQuery();
        _auditSequence = sequence;
        _auditHash = hash;
    }

    /// <summary>
    /// Signs the chain's head (sequence and hash) with a key derived from the master key, once per batch, so
    /// deleting the newest records (which leaves a valid shorter chain) is caught too.
    /// </summary>
    private void WriteAuditHeadIfMoved()
    {
        if (_auditSequence != _auditHeadWritten && _cipher is { } cipher)
        {
            WriteMeta(AuditHeadName, SignHead(cipher, _auditSequence, _auditHash));
            _auditHeadWritten = _auditSequence;
        }
    }

    private static byte[] SignHead(Encryption.RowCipher cipher, long sequence, byte[] hash)
    {
        byte[] head = new byte[8 + AuditChain.HashLength + 32];
        BinaryPrimitives.WriteInt64BigEndian(head, sequence);
        hash.CopyTo(head, 8);
        byte[] key = cipher.MasterKey.DeriveSubkey(AuditMacPurpose, []);
        HMACSHA256.HashData(key, head.AsSpan(0, 8 + AuditChain.HashLength), head.AsSpan(8 + AuditChain.HashLength));
        CryptographicOperations.ZeroMemory(key);
        return head;
    }

    private AuditVerification VerifyAuditChain()
    {
        byte[] previous = AuditChain.Genesis.ToArray();
        long count = 0;
        using (SqliteDataReader reader = Command("SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit ORDER BY seq;").ExecuteReader())
        {
            while (reader.Read())
            {
                long sequence = reader.GetInt64(0);
                count++;
                if (sequence != count)
                {
                    return new AuditVerification(false, count, sequence, $"Record {count} is missing (found {sequence}).");
                }

                byte[] storedPrevious = (byte[])reader[5];
                byte[] storedHash = (byte[])reader[6];
                byte[] expected = AuditChain.ComputeHash(previous, sequence, reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
                if (!CryptographicOperations.FixedTimeEquals(storedPrevious, previous) || !CryptographicOperations.FixedTimeEquals(storedHash, expected))
                {
                    return new AuditVerification(false, count, sequence, $"Record {sequence} does not match its hash or its predecessor's.");
                }

                previous = storedHash;
            }
        }

        if (_cipher is { } cipher && count > 0)
        {
            using SqliteDataReader reader = ReadMeta(AuditHeadName);
            byte[]? stored = reader.Read() ? (byte[])reader[0] : null;
            if (stored is null || !CryptographicOperations.FixedTimeEquals(stored, SignHead(cipher, count, previous)))
            {
                return new AuditVerification(false, count, count, $"The signed head does not match record {count}: records were removed or rewritten.");
            }
        }

        return new AuditVerification(true, count, null, null);
    }
}
