using QkdNet.KeyManagement;

namespace QkdNet.Control.Health;

/// <summary>An alarm raised on a link; immutable: clearing produces a copy with <see cref="ClearedAt"/> set.</summary>
/// <param name="Id">Unique per monitor, increasing.</param>
/// <param name="Link">The link.</param>
/// <param name="Kind">What it is about.</param>
/// <param name="Severity">How urgent.</param>
/// <param name="Message">A sentence for the operator (numbers and IDs only, never key material).</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="ClearedAt">When it was cleared, or null while active.</param>
public sealed record LinkAlarm(long Id, LinkId Link, AlarmKind Kind, AlarmSeverity Severity, string Message, DateTimeOffset RaisedAt, DateTimeOffset? ClearedAt = null)
{
    /// <summary>True while not cleared.</summary>
    public bool IsActive => ClearedAt is null;
}
