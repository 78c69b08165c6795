using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Services.Cloud.Server;

/// <summary>What an auditor reads: records after a sequence number, and whether the whole chain verifies.</summary>
/// <param name="Records">The records, in order.</param>
/// <param name="ChainIntact">Whether every record from the first verifies.</param>
/// <param name="BrokenAt">The first record that does not, or null.</param>
public sealed record AuditPage(IReadOnlyList<ShareAuditRecord> Records, bool ChainIntact, long? BrokenAt);
