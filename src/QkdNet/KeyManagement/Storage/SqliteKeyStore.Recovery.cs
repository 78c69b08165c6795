using Microsoft.Data.Sqlite;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <summary>
    /// Rebuilds the in-memory state from the file: the seal record, every link's consumption maps (from the
    /// chunks' clear bitmaps; a missing chunk is used up) and the audit head. Needs no master key.
    /// </summary>
    private void LoadState()
    {
        SealRecord? seal = null;
        using (SqliteDataReader reader = ReadMeta(SealName))
        {
            if (reader.Read())
            {
                seal = SealRecord.FromBytes((byte[])reader[0]) ?? throw new InvalidOperationException("The stored seal record is malformed.");
            }
        }

        _sealRecord = seal;
        var pools = new Dictionary<LinkId, LinkPool>();
        var blocks = new Dictionary<long, (LinkPool Pool, KeyBlock Block, bool[] Seen)>();
        using (SqliteDataReader reader = Command("SELECT id, link, block, length FROM blocks ORDER BY id;").ExecuteReader())
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

        using (SqliteDataReader reader = Command("SELECT id >> 20, id & 1048575, consumed FROM chunks;").ExecuteReader())
        {
            while (reader.Read())
            {
                (_, KeyBlock block, bool[] seen) = blocks[reader.GetInt64(0)];
                int index = reader.GetInt32(1);
                (int offset, int length) = ChunkLayout.Range(block, index);
                block.LoadMap(offset / 8, (byte[])reader[2], offset, length);
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

    private SqliteDataReader ReadMeta(string name)
    {
        SqliteCommand command = Command("SELECT value FROM meta WHERE name = $name;");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteReader();
    }

    private void WriteMeta(string name, byte[] value)
    {
        SqliteCommand command = Command("INSERT INTO meta(name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
