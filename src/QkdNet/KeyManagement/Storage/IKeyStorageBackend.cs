namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// The storage primitives a <see cref="KeyStoreEngine"/> runs on: transactions and the rows of five tables (meta,
/// blocks, chunks, keys, audit). A backend is its SQL (or other storage) and nothing else: it never sees clear key
/// material (chunks and keys arrive sealed), decides nothing and keeps no key state; the engine holds the rules,
/// the master key, the pools, the audit chain and the single writer.
/// </summary>
/// <remarks>
/// Threading: the engine calls every member from its one writer thread (apart from <see cref="IAsyncDisposable.DisposeAsync"/>,
/// called once after the writer stopped), so a backend needs no locks. Writes happen between <see cref="BeginBatch"/> and
/// <see cref="CommitBatch"/> or <see cref="RollBackBatch"/>; reads may also happen outside a batch (at open and after a
/// rollback, when the engine reloads its state) and must see the writes of the open batch. A backend may defer writes
/// until the next read or the commit. <see cref="CommitBatch"/> returns only once the batch is durable: the engine
/// answers its callers right after.
/// </remarks>
public interface IKeyStorageBackend : IAsyncDisposable
{
    /// <summary>How logs name this store, e.g. <c>SQLite key store /var/lib/qkdnet/a.db</c>.</summary>
    string Name { get; }

    /// <summary>What holds the store (<c>file</c>, <c>database</c>), as named when stored data fails authentication.</summary>
    string Medium { get; }

    /// <summary>Starts the transaction of a batch of requests.</summary>
    void BeginBatch();

    /// <summary>Makes the batch durable (after every deferred write); throws when it cannot, and the engine then calls <see cref="RollBackBatch"/>.</summary>
    void CommitBatch();

    /// <summary>Abandons the batch (deferred writes included); throws when the storage is left in an unknown state.</summary>
    void RollBackBatch();

    /// <summary>
    /// Called before a batch when an earlier failure left the storage in an unknown state: reopen it (a new connection,
    /// the same exclusive claim) so the engine can reload its state. False when this backend cannot; the engine then
    /// refuses every request.
    /// </summary>
    bool TryReopen();

    /// <summary>A named metadata value (the seal record, the signed audit head); null when none is stored.</summary>
    byte[]? ReadMeta(string name);

    /// <summary>Inserts or replaces a named metadata value.</summary>
    void WriteMeta(string name, byte[] value);

    /// <summary>Inserts a block's row (its chunks come with <see cref="InsertChunks"/>); returns the row ID, unique and increasing.</summary>
    /// <param name="link">The pool (link).</param>
    /// <param name="block">The block's ID, unique per link.</param>
    /// <param name="lengthBytes">The block's length, in bytes.</param>
    /// <param name="ingestedAt">When it was ingested, Unix milliseconds.</param>
    long InsertBlock(LinkId link, BlockId block, int lengthBytes, long ingestedAt);

    /// <summary>Every stored block, in row ID order.</summary>
    IEnumerable<StoredBlock> ReadBlocks();

    /// <summary>Inserts chunks of a new block (the engine sends a block's chunks in groups, in index order).</summary>
    void InsertChunks(IReadOnlyList<StoredChunk> chunks);

    /// <summary>A chunk's map and sealed bytes; null when the row is missing (a used-up chunk is deleted).</summary>
    StoredChunk? ReadChunk(long blockRowId, int index);

    /// <summary>Rewrites a chunk's map and sealed bytes.</summary>
    void UpdateChunk(StoredChunk chunk);

    /// <summary>Deletes a used-up chunk.</summary>
    void DeleteChunk(long blockRowId, int index);

    /// <summary>Every stored chunk's map (<see cref="StoredChunk.Sealed"/> may be null), in any order.</summary>
    IEnumerable<StoredChunk> ReadChunkMaps();

    /// <summary>The first of <paramref name="keyIds"/> that is stored already; null when none is.</summary>
    KeyId? FindExistingKey(IReadOnlyList<KeyId> keyIds);

    /// <summary>
    /// Inserts one key row per ID, each pending for every slave. <paramref name="sealedKeys"/> holds one sealed key per ID,
    /// or is null for bookkeeping-only rows (the master side of a remote reservation: the peer serves the slaves).
    /// </summary>
    /// <param name="keyIds">The keys' IDs.</param>
    /// <param name="link">The pool (link) the keys were cut from.</param>
    /// <param name="master">The master SAE.</param>
    /// <param name="slaves">The slave SAEs, comma-separated (also the first pending list).</param>
    /// <param name="expiresAt">When the keys expire, Unix milliseconds.</param>
    /// <param name="sealedKeys">The sealed material, one per key, or null.</param>
    void InsertKeys(IReadOnlyList<KeyId> keyIds, LinkId link, SaeId master, string slaves, long expiresAt, IReadOnlyList<byte[]>? sealedKeys);

    /// <summary>The stored rows of <paramref name="keyIds"/>, by ID; a key not stored is absent.</summary>
    IReadOnlyDictionary<KeyId, StoredKey> ReadKeys(IReadOnlyList<KeyId> keyIds);

    /// <summary>Sets the slaves each key is still pending for.</summary>
    void UpdatePending(IReadOnlyList<(KeyId Id, string Pending)> keys);

    /// <summary>Deletes the key rows (nothing when <paramref name="keyIds"/> is empty).</summary>
    void DeleteKeys(IReadOnlyCollection<KeyId> keyIds);

    /// <summary>
    /// Destroys the sealed material of keys every slave received and clears their pending list, keeping each row as a
    /// receipt until the key's expiry (nothing when <paramref name="keyIds"/> is empty).
    /// </summary>
    void KeepReceipts(IReadOnlyCollection<KeyId> keyIds);

    /// <summary>Deletes the receipts (rows pending for nobody) whose key expired at <paramref name="now"/> (Unix ms).</summary>
    void DeleteExpiredReceipts(long now);

    /// <summary>
    /// Up to <paramref name="limit"/> keys still pending for a slave and expired at <paramref name="now"/> (Unix ms), soonest
    /// expired first, with their links.
    /// </summary>
    IReadOnlyList<(KeyId Id, string Link)> ReadExpired(long now, int limit);

    /// <summary>Appends one audit record (the table is append-only).</summary>
    void InsertAudit(StoredAuditRecord record);

    /// <summary>Every audit record, in sequence order; read lazily, so a verification that stops early reads no more.</summary>
    IEnumerable<StoredAuditRecord> ReadAudit();

    /// <summary>The newest audit record's sequence and hash; null when the log is empty.</summary>
    (long Sequence, byte[] Hash)? ReadAuditTail();
}
