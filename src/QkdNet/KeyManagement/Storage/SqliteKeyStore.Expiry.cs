using System.Globalization;
using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Audit;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <summary>Keys destroyed per audit record (and per statement) by a sweep.</summary>
    private const int SweepChunk = 1000;

    /// <inheritdoc />
    public Task<KeyStoreResult<int>> SweepExpiredAsync(CancellationToken cancellationToken = default) =>
        Enqueue(SweepExpired, null, cancellationToken);

    private KeyStoreResult<int> SweepExpired()
    {
        if (_cipher is null)
        {
            return SealedFailure<int>();
        }

        long now = NowUnixMilliseconds;
        int total = 0;
        while (true)
        {
            var expired = new List<(byte[] Id, string Link)>();
            SqliteCommand select = Command("SELECT key_id, link FROM keys WHERE expires_at <= $now ORDER BY expires_at LIMIT $limit;");
            select.Parameters.AddWithValue("$now", now);
            select.Parameters.AddWithValue("$limit", SweepChunk);
            using (SqliteDataReader reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    expired.Add(((byte[])reader[0], reader.GetString(1)));
                }
            }

            if (expired.Count == 0)
            {
                return KeyStoreResult<int>.Success(total);
            }

            foreach (IGrouping<string, (byte[] Id, string Link)> link in expired.GroupBy(e => e.Link, StringComparer.Ordinal))
            {
                var ids = new List<KeyId>();
                foreach ((byte[] id, _) in link)
                {
                    KeyId.TryRead(id, out KeyId keyId);
                    ids.Add(keyId);
                    DeleteKey(keyId);
                }

                AppendAudit(AuditEventKind.Expire, link.Key, string.Create(CultureInfo.InvariantCulture, $"count={ids.Count};keys={string.Join(',', ids)}"));
            }

            total += expired.Count;
        }
    }
}
