using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Tests.KeyManagement.Storage.InMemory;

/// <summary>
/// A third <see cref="IKeyStorageBackend"/>, written against the library's public API only (no internal type is named
/// here): tables in memory, a batch on a copy that its commit swaps in. Not durable, so not a store for a node; it shows
/// that the engine needs nothing from a store but these primitives, and the contract suite runs on it
/// (<see cref="InMemoryKeyStoreTests"/>). Like the SQL stores it enforces its keys' uniqueness and an append-only audit
/// table, so an engine bug that the databases would refuse fails here too.
/// </summary>
internal sealed class InMemoryKeyStorage : IKeyStorageBackend
{
    private readonly InMemoryKeyDatabase _database;
    private InMemoryKeyTables? _batch;
    private bool _unknownState;

    public InMemoryKeyStorage(InMemoryKeyDatabase database)
    {
        if (database.IsOpen)
        {
            throw new InvalidOperationException("Another store holds this in-memory database.");
        }

        database.IsOpen = true;
        _database = database;
    }

    public string Name => "in-memory key store";

    public string Medium => "memory";

    /// <summary>Fault injection: how many of the next commits fail (as a lost disk or server would).</summary>
    public int CommitFailures { get; set; }

    /// <summary>Fault injection: the next rollback fails and leaves the storage in an unknown state until <see cref="TryReopen"/>.</summary>
    public bool RollbackFails { get; set; }

    /// <summary>Whether <see cref="TryReopen"/> succeeds (a server that answers again); true by default.</summary>
    public bool Reopenable { get; set; } = true;

    /// <summary>How many times the engine reopened this storage.</summary>
    public int Reopens { get; private set; }

    /// <summary>What a read sees: the open batch's writes, else what was committed.</summary>
    private InMemoryKeyTables Tables =>
        _unknownState ? throw new IOException("The storage is in an unknown state.") : _batch ?? _database.Committed;

    private InMemoryKeyTables Batch => _batch ?? throw new InvalidOperationException("A write outside a batch.");

    public void BeginBatch()
    {
        if (_batch is not null)
        {
            throw new InvalidOperationException("A batch is open already.");
        }

        _batch = _database.Committed.Copy();
    }

    public void CommitBatch()
    {
        if (CommitFailures > 0)
        {
            CommitFailures--;
            throw new IOException("commit lost");
        }

        _database.Committed = Batch;
        _batch = null;
    }

    public void RollBackBatch()
    {
        _batch = null;
        if (RollbackFails)
        {
            RollbackFails = false;
            _unknownState = true;
            throw new IOException("rollback lost");
        }
    }

    public bool TryReopen()
    {
        if (!Reopenable)
        {
            return false;
        }

        _unknownState = false;
        Reopens++;
        return true;
    }

    public byte[]? ReadMeta(string name) => Tables.Meta.GetValueOrDefault(name);

    public void WriteMeta(string name, byte[] value) => Batch.Meta[name] = value;

    public long InsertBlock(LinkId link, BlockId block, int lengthBytes, long ingestedAt)
    {
        InMemoryKeyTables tables = Batch;
        if (tables.Blocks.Values.Any(b => b.Link == link.Value && b.Block == block.Value))
        {
            throw new InvalidOperationException("UNIQUE(link, block) violated.");
        }

        long rowId = ++tables.LastBlockRowId;
        tables.Blocks.Add(rowId, new StoredBlock(rowId, link.Value, block.Value, lengthBytes));
        return rowId;
    }

    public IEnumerable<StoredBlock> ReadBlocks() => [.. Tables.Blocks.Values];

    public void InsertChunks(IReadOnlyList<StoredChunk> chunks)
    {
        foreach (StoredChunk chunk in chunks)
        {
            Batch.Chunks.Add((chunk.BlockRowId, chunk.Index), chunk);
        }
    }

    public StoredChunk? ReadChunk(long blockRowId, int index) => Tables.Chunks.GetValueOrDefault((blockRowId, index));

    public void UpdateChunk(StoredChunk chunk) => Batch.Chunks[(chunk.BlockRowId, chunk.Index)] = chunk;

    public void DeleteChunk(long blockRowId, int index) => Batch.Chunks.Remove((blockRowId, index));

    public IEnumerable<StoredChunk> ReadChunkMaps() => [.. Tables.Chunks.Values];

    public KeyId? FindExistingKey(IReadOnlyList<KeyId> keyIds)
    {
        foreach (KeyId id in keyIds)
        {
            if (Tables.Keys.ContainsKey(id))
            {
                return id;
            }
        }

        return null;
    }

    public void InsertKeys(IReadOnlyList<KeyId> keyIds, LinkId link, SaeId master, string slaves, long expiresAt, IReadOnlyList<byte[]>? sealedKeys)
    {
        for (int i = 0; i < keyIds.Count; i++)
        {
            Batch.Keys.Add(keyIds[i], new StoredKey(keyIds[i], link.Value, master.Value, slaves, slaves, expiresAt, sealedKeys?[i]));
        }
    }

    public IReadOnlyDictionary<KeyId, StoredKey> ReadKeys(IReadOnlyList<KeyId> keyIds) =>
        keyIds.Where(Tables.Keys.ContainsKey).Distinct().ToDictionary(id => id, id => Tables.Keys[id]);

    public void UpdatePending(IReadOnlyList<(KeyId Id, string Pending)> keys)
    {
        foreach ((KeyId id, string pending) in keys)
        {
            Batch.Keys[id] = Batch.Keys[id] with { Pending = pending };
        }
    }

    public void DeleteKeys(IReadOnlyCollection<KeyId> keyIds)
    {
        foreach (KeyId id in keyIds)
        {
            Batch.Keys.Remove(id);
        }
    }

    public void KeepReceipts(IReadOnlyCollection<KeyId> keyIds)
    {
        foreach (KeyId id in keyIds)
        {
            Batch.Keys[id] = Batch.Keys[id] with { Pending = string.Empty, Sealed = null };
        }
    }

    public void DeleteExpiredReceipts(long now)
    {
        foreach (StoredKey key in Batch.Keys.Values.Where(k => k.ExpiresAt <= now && k.Pending.Length == 0).ToList())
        {
            Batch.Keys.Remove(key.Id);
        }
    }

    public IReadOnlyList<(KeyId Id, string Link)> ReadExpired(long now, int limit) =>
        [.. Tables.Keys.Values.Where(k => k.ExpiresAt <= now && k.Pending.Length > 0).OrderBy(k => k.ExpiresAt).Take(limit).Select(k => (k.Id, k.Link))];

    public void InsertAudit(StoredAuditRecord record)
    {
        List<StoredAuditRecord> audit = Batch.Audit;
        if (audit.Count > 0 && audit[^1].Sequence >= record.Sequence)
        {
            throw new InvalidOperationException("The audit table is append-only.");
        }

        audit.Add(record);
    }

    public IEnumerable<StoredAuditRecord> ReadAudit() => [.. Tables.Audit];

    public (long Sequence, byte[] Hash)? ReadAuditTail() => Tables.Audit is [.., StoredAuditRecord last] ? (last.Sequence, last.Hash) : null;

    public ValueTask DisposeAsync()
    {
        _batch = null;
        _database.IsOpen = false;
        return ValueTask.CompletedTask;
    }
}
