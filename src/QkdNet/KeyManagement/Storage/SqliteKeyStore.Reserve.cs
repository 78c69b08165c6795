using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore : IKeyRowStore
{
    /// <inheritdoc />
    public Task<Result<Reservation, KeyStoreFailure>> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default) =>
        StoreKeys.ReserveAsync(this, request, cancellationToken);

    /// <inheritdoc />
    TimeSpan IKeyRowStore.ReservationLifetime => _options.ReservationLifetime;

    /// <inheritdoc />
    LinkPool IKeyRowStore.PoolOf(LinkId link) => PoolOf(link);

    /// <inheritdoc />
    void IKeyRowStore.InsertKeys(RowCipher cipher, IReadOnlyList<KeyAllocation> keys, LinkId link, SaeId master, string slaves, DateTimeOffset expiresAt, byte[][]? material)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            SqliteCommand command = Command("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) VALUES ($id, $link, $master, $slaves, $slaves, $expires, $sealed);");
            command.Parameters.AddWithValue("$id", keys[i].KeyId.ToBytes());
            command.Parameters.AddWithValue("$link", link.Value);
            command.Parameters.AddWithValue("$master", master.Value);
            command.Parameters.AddWithValue("$slaves", slaves);
            command.Parameters.AddWithValue("$expires", expiresAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$sealed", material is null ? DBNull.Value
                : cipher.Seal(material[i], StoreKeys.KeyAssociatedData(this, keys[i].KeyId, link.Value, master.Value, slaves)));
            command.ExecuteNonQuery();
        }
    }
}
