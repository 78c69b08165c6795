using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

internal sealed partial class SqliteKeyStorage
{
    /// <inheritdoc />
    public void InsertAudit(StoredAuditRecord record)
    {
        SqliteCommand command = Command("INSERT INTO audit(seq, at, kind, subject, detail, prev_hash, hash) VALUES ($seq, $at, $kind, $subject, $detail, $prev, $hash);");
        command.Parameters.AddWithValue("$seq", record.Sequence);
        command.Parameters.AddWithValue("$at", record.At);
        command.Parameters.AddWithValue("$kind", record.Kind);
        command.Parameters.AddWithValue("$subject", record.Subject);
        command.Parameters.AddWithValue("$detail", record.Detail);
        command.Parameters.AddWithValue("$prev", record.PreviousHash);
        command.Parameters.AddWithValue("$hash", record.Hash);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public IEnumerable<StoredAuditRecord> ReadAudit()
    {
        using SqliteDataReader reader = Command("SELECT seq, at, kind, subject, detail, prev_hash, hash FROM audit ORDER BY seq;").ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredAuditRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), (byte[])reader[5], (byte[])reader[6]);
        }
    }

    /// <inheritdoc />
    public (long Sequence, byte[] Hash)? ReadAuditTail()
    {
        using SqliteDataReader reader = Command("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;").ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : null;
    }
}
