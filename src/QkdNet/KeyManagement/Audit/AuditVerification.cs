namespace QkdNet.KeyManagement.Audit;

/// <summary>The outcome of checking the audit log's hash chain.</summary>
/// <param name="IsIntact">Whether every record and the signed head check out.</param>
/// <param name="RecordCount">Records read.</param>
/// <param name="BrokenAtSequence">The first record that fails, when one does.</param>
/// <param name="Problem">What is wrong, for an operator; null when intact.</param>
public sealed record AuditVerification(bool IsIntact, long RecordCount, long? BrokenAtSequence, string? Problem);
