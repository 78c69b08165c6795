namespace QkdNet.Services.Cloud.Storage;

/// <summary>One link of a data server's hash-chained audit log.</summary>
/// <param name="Sequence">1, 2, 3, ... with no gap.</param>
/// <param name="At">When it was written (the store's clock, millisecond precision).</param>
/// <param name="Event">The request.</param>
/// <param name="PreviousHash">The previous record's <see cref="Hash"/> (32 zero bytes for the first).</param>
/// <param name="Hash">SHA-256 of this record chained to the previous (<see cref="ShareAuditChain.Hash"/>).</param>
public sealed record ShareAuditRecord(long Sequence, DateTimeOffset At, ShareAuditEvent Event, byte[] PreviousHash, byte[] Hash);
