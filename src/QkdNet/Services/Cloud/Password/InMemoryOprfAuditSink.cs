namespace QkdNet.Services.Cloud.Password;

/// <summary>Keeps audit events in memory, in order (an embedded share server, tests). Thread-safe (one lock).</summary>
public sealed class InMemoryOprfAuditSink : IOprfAuditSink
{
    private readonly List<OprfAuditEvent> _events = [];
    private readonly Lock _lock = new();

    /// <summary>A snapshot of the events so far, oldest first.</summary>
    public IReadOnlyList<OprfAuditEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public void Record(OprfAuditEvent auditEvent)
    {
        lock (_lock)
        {
            _events.Add(auditEvent);
        }
    }
}
