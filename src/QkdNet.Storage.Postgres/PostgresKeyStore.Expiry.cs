using System.Globalization;
using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
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
            var expired = new List<(KeyId Id, string Link)>();
            using (NpgsqlDataReader reader = Command("SELECT key_id, link FROM keys WHERE expires_at <= @now ORDER BY expires_at LIMIT @limit;")
                .With("now", now).With("limit", SweepChunk).ExecuteReader())
            {
                while (reader.Read())
                {
                    KeyId.TryCreate(reader.GetGuid(0), out KeyId id);
                    expired.Add((id, reader.GetString(1)));
                }
            }

            if (expired.Count == 0)
            {
                return KeyStoreResult<int>.Success(total);
            }

            foreach (IGrouping<string, (KeyId Id, string Link)> link in expired.GroupBy(e => e.Link, StringComparer.Ordinal))
            {
                KeyId[] ids = [.. link.Select(e => e.Id)];
                DeleteKeys(ids);
                AppendAudit(AuditEventKind.Expire, link.Key, string.Create(CultureInfo.InvariantCulture, $"count={ids.Length};keys={string.Join(',', ids)}"));
            }

            total += expired.Count;
        }
    }
}
