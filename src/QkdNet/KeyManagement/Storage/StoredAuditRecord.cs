namespace QkdNet.KeyManagement.Storage;

/// <summary>A row of a key store's append-only audit table, one link of its hash chain.</summary>
/// <param name="Sequence">The record's number, from 1.</param>
/// <param name="At">When it was written, Unix milliseconds.</param>
/// <param name="Kind">What happened (an <see cref="Audit.AuditEventKind"/> name).</param>
/// <param name="Subject">What it happened to (a link, or "store").</param>
/// <param name="Detail">Key IDs, counts and SAEs; never key material.</param>
/// <param name="PreviousHash">The previous record's hash (the genesis value for the first).</param>
/// <param name="Hash">This record's hash over the previous hash and its fields.</param>
public sealed record StoredAuditRecord(long Sequence, long At, string Kind, string Subject, string Detail, byte[] PreviousHash, byte[] Hash);
