using Npgsql;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    /// <summary>
    /// Rebuilds the in-memory state from the database: the seal record, every link's consumption maps (from
    /// the chunks' clear bitmaps; a missing chunk is used up) and the audit head. Needs no master key.
    /// </summary>
    private void LoadState()
    {
        byte[]? sealBytes = ReadMeta(SealName);
        _sealRecord = sealBytes is null ? null
            : SealRecord.FromBytes(sealBytes) ?? throw new InvalidOperationException("The stored seal record is malformed.");

        var pools = new Dictionary<LinkId, LinkPool>();
        var blocks = new Dictionary<long, (LinkPool Pool, KeyBlock Block, bool[] Seen)>();
        using (NpgsqlDataReader reader = Command("SELECT id, link, block, length FROM blocks ORDER BY id;").ExecuteReader())
        {
            while (reader.Read())
            {
                LinkId link = LinkId.Create(reader.GetString(1));
                if (!pools.TryGetValue(link, out LinkPool? pool))
                {
                    pool = new LinkPool(link, _options.PoolFor(link));
                    pools.Add(link, pool);
                }

                var block = new KeyBlock(reader.GetInt64(0), BlockId.Create(reader.GetString(2)), reader.GetInt32(3));
                blocks.Add(block.RowId, (pool, block, new bool[ChunkLayout.Count(block.LengthBytes)]));
            }
        }

        using (NpgsqlDataReader reader = Command("SELECT block_id, idx, consumed FROM chunks;").ExecuteReader())
        {
            while (reader.Read())
            {
                (_, KeyBlock block, bool[] seen) = blocks[reader.GetInt64(0)];
                int index = reader.GetInt32(1);
                (int offset, int length) = ChunkLayout.Range(block, index);
                block.LoadMap(offset / 8, reader.GetFieldValue<byte[]>(2), offset, length);
                seen[index] = true;
            }
        }

        foreach ((LinkPool pool, KeyBlock block, bool[] seen) in blocks.Values)
        {
            for (int index = 0; index < seen.Length; index++)
            {
                if (!seen[index])
                {
                    (int offset, int length) = ChunkLayout.Range(block, index);
                    block.LoadConsumed(offset, length);
                }
            }

            pool.Add(block);
        }

        _pools.Replace(pools);

        StoreAudit.LoadHead(this);
    }

    private byte[]? ReadMeta(string name) =>
        Command("SELECT value FROM meta WHERE name = @name;").With("name", name).ExecuteScalar() as byte[];

    private void WriteMeta(string name, byte[] value) =>
        Defer("INSERT INTO meta(name, value) VALUES (@name, @value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;")
            .With("name", name).With("value", value);
}
