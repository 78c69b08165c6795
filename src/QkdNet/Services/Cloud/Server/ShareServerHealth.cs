namespace QkdNet.Services.Cloud.Server;

/// <summary>What an operator sees: the server is up and its audit chain intact; no data, no owner names.</summary>
/// <param name="Server">The server's name.</param>
/// <param name="AuditRecords">Records in the audit log.</param>
/// <param name="AuditIntact">Whether the whole chain verifies.</param>
public sealed record ShareServerHealth(string Server, long AuditRecords, bool AuditIntact);
