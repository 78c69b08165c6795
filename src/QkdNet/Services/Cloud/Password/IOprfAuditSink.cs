namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Receives every TOPPSS request a share server handles (the share server forwards them to its hash-chained audit log).
/// Implementations are thread-safe and must not block for long: they are called on the request path.
/// </summary>
public interface IOprfAuditSink
{
    void Record(OprfAuditEvent auditEvent);
}
