namespace QkdNet.Services.Cloud.Storage;

/// <summary>
/// The storage of one data server of the secure cloud: shares under random identifiers, and the server's hash-chained
/// audit log. Every change writes its audit record in the same transaction, so a change is never unaudited and a
/// failed write leaves neither. Expected failures come back as <see cref="ShareStoreFailure"/> values. Implementations
/// (<see cref="SqliteShareStore"/>, and PostgreSQL in QkdNet.Storage.Postgres) are thread-safe and pass one contract suite.
/// </summary>
public interface IShareStore : IAsyncDisposable
{
    /// <summary>Stores a new share at version 1, atomically with <paramref name="audit"/>; an existing identifier is refused.</summary>
    Task<Result<ShareInfo, ShareStoreFailure>> PutAsync(ShareId id, string owner, ReadOnlyMemory<byte> data, ShareAuditEvent audit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new share of <paramref name="length"/> bytes at version 1 as <paramref name="source"/> hands it over, chunk
    /// by chunk, atomically with <paramref name="audit"/>: when the source fails, ends early or runs long, nothing of the
    /// share is kept (<see cref="ShareStoreError.Rejected"/>, the refusal audited).
    /// </summary>
    Task<Result<ShareInfo, ShareStoreFailure>> PutAsync(ShareId id, string owner, long length, ShareChunkSource source, ShareAuditEvent audit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands the bytes of the share at <paramref name="version"/> to <paramref name="sink"/> in order, chunk by chunk, in
    /// one read (so they are all of that version); <see cref="ShareStoreError.VersionMismatch"/> when the share moved on.
    /// </summary>
    Task<Result<ShareInfo, ShareStoreFailure>> ReadAsync(ShareId id, long version, ShareChunkSink sink, CancellationToken cancellationToken = default);

    /// <summary>The share and its bytes (the caller disposes it).</summary>
    Task<Result<StoredShare, ShareStoreFailure>> GetAsync(ShareId id, CancellationToken cancellationToken = default);

    /// <summary>The share's description without its bytes.</summary>
    Task<Result<ShareInfo, ShareStoreFailure>> GetInfoAsync(ShareId id, CancellationToken cancellationToken = default);

    /// <summary>Every share <paramref name="owner"/> put, by identifier.</summary>
    Task<Result<IReadOnlyList<ShareInfo>, ShareStoreFailure>> ListAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the share's bytes (same length) if it is still at <paramref name="expectedVersion"/>, which becomes one
    /// more, atomically with <paramref name="audit"/> (the compare-and-swap of a proactive refresh).
    /// </summary>
    Task<Result<ShareInfo, ShareStoreFailure>> ReplaceAsync(ShareId id, long expectedVersion, ReadOnlyMemory<byte> data, ShareAuditEvent audit, CancellationToken cancellationToken = default);

    /// <summary>Deletes the share (its bytes are overwritten, not left in free pages), atomically with <paramref name="audit"/>.</summary>
    Task<Result<ShareInfo, ShareStoreFailure>> DeleteAsync(ShareId id, ShareAuditEvent audit, CancellationToken cancellationToken = default);

    /// <summary>Appends a record for a request that changed nothing (a read, or a denial).</summary>
    Task<Result<ShareAuditRecord, ShareStoreFailure>> AppendAuditAsync(ShareAuditEvent audit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> audit records after sequence number <paramref name="afterSequence"/>, in order.</summary>
    Task<Result<IReadOnlyList<ShareAuditRecord>, ShareStoreFailure>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);
}
