using Npgsql;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

internal sealed partial class PostgresKeyStorage
{
    /// <inheritdoc />
    public void InsertAudit(StoredAuditRecord record)
    {
        Defer("INSERT INTO audit(seq, at, kind, subject, detail, prev_hash, hash) VALUES (@seq, @at, @kind, @subject, @detail, @prev, @hash);")
            .With("seq", record.Sequence).With("at", record.At).With("kind", record.Kind).With("subject", record.Subject).With("detail", record.Detail)
            .With("prev", record.PreviousHash).With("hash", record.Hash);
    }

    /// <inheritdoc />
    public IEnumerable<StoredAuditRecord> ReadAudit()
    {
        using NpgsqlDataReader reader = Command("SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit ORDER BY seq;").ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredAuditRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<byte[]>(6));
        }
    }

    /// <inheritdoc />
    public (long Sequence, byte[] Hash)? ReadAuditTail()
    {
        using NpgsqlDataReader reader = Command("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;").ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }
}
