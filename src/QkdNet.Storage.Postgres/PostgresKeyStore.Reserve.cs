using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore : IKeyRowStore
{
    /// <inheritdoc />
    public Task<Result<Reservation, KeyStoreFailure>> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default) =>
        StoreKeys.ReserveAsync(this, request, cancellationToken);

    /// <inheritdoc />
    TimeSpan IKeyRowStore.ReservationLifetime => _options.ReservationLifetime;

    /// <inheritdoc />
    LinkPool IKeyRowStore.PoolOf(LinkId link) => PoolOf(link);

    /// <inheritdoc />
    /// <remarks>One statement for all the keys.</remarks>
    void IKeyRowStore.InsertKeys(RowCipher cipher, IReadOnlyList<KeyAllocation> keys, LinkId link, SaeId master, string slaves, DateTimeOffset expiresAt, byte[][]? material)
    {
        var ids = new Guid[keys.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = keys[i].KeyId.Value;
        }

        if (material is null)
        {
            Defer("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) SELECT k, @link, @master, @slaves, @slaves, @expires, NULL FROM unnest(@ids) AS t(k);")
                .With("link", link.Value).With("master", master.Value).With("slaves", slaves).With("expires", expiresAt.ToUnixTimeMilliseconds()).With("ids", ids);
            return;
        }

        var sealedKeys = new byte[keys.Count][];
        for (int i = 0; i < sealedKeys.Length; i++)
        {
            sealedKeys[i] = cipher.Seal(material[i], StoreKeys.KeyAssociatedData(this, keys[i].KeyId, link.Value, master.Value, slaves));
        }

        Defer("INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) SELECT k, @link, @master, @slaves, @slaves, @expires, s FROM unnest(@ids, @sealed) AS t(k, s);")
            .With("link", link.Value).With("master", master.Value).With("slaves", slaves).With("expires", expiresAt.ToUnixTimeMilliseconds())
            .With("ids", ids).With("sealed", sealedKeys);
    }
}
