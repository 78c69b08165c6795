namespace QkdNet.KeyManagement.Storage;

/// <summary>A row of a key store's blocks table: one block ever ingested (kept after it is used up, so a replay is refused).</summary>
/// <param name="RowId">The row ID the backend gave the block (<see cref="IKeyStorageBackend.InsertBlock"/>); chunks name their block by it.</param>
/// <param name="Link">The pool (link) the block belongs to.</param>
/// <param name="Block">The block's ID.</param>
/// <param name="LengthBytes">The block's length, in bytes.</param>
public readonly record struct StoredBlock(long RowId, string Link, string Block, int LengthBytes);
