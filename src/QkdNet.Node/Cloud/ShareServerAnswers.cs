using System.Text.Json.Serialization;
using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Node.Cloud;

/// <summary>A share as the server describes it (no bytes).</summary>
public sealed record ShareAnswer([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("version")] long Version, [property: JsonPropertyName("length")] long Length);

/// <summary>The auditor's page of the log.</summary>
public sealed record AuditAnswer(
    [property: JsonPropertyName("chain_intact")] bool ChainIntact,
    [property: JsonPropertyName("broken_at")] long? BrokenAt,
    [property: JsonPropertyName("records")] IReadOnlyList<AuditLine> Records);

/// <summary>One audit record as JSON (hashes in hex).</summary>
public sealed record AuditLine(
    [property: JsonPropertyName("seq")] long Sequence,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("caller")] string Caller,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("allowed")] bool Allowed,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("hash")] string Hash)
{
    /// <summary>The JSON form of <paramref name="record"/>.</summary>
    public static AuditLine From(ShareAuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Sequence, record.At, record.Event.Caller, record.Event.Role, record.Event.Action, record.Event.Target, record.Event.Allowed,
            record.Event.Outcome, Convert.ToHexStringLower(record.Hash));
    }
}

/// <summary>The operator's view.</summary>
public sealed record HealthAnswer(
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("audit_records")] long AuditRecords,
    [property: JsonPropertyName("audit_intact")] bool AuditIntact);
