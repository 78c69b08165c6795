namespace QkdNet.KeyManagement.Audit;

/// <summary>One audit record (never key bytes: IDs, SAEs, block ranges and counts only).</summary>
/// <param name="Sequence">1, 2, 3, ... with no gaps.</param>
/// <param name="At">When the change was made (the store's clock).</param>
/// <param name="Kind">What happened, as an <see cref="AuditEventKind"/> name.</param>
/// <param name="Subject">What it happened to (a link ID, or the store).</param>
/// <param name="Detail">Key IDs, SAEs, block ranges, as <c>name=value</c> pairs separated by <c>;</c>.</param>
/// <param name="Hash">The chain hash of this record (see <see cref="AuditChain"/>).</param>
public sealed record AuditRecord(long Sequence, DateTimeOffset At, string Kind, string Subject, string Detail, byte[] Hash);
