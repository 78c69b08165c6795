using QkdNet.Services.Cloud.Password;
using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Node.Cloud;

/// <summary>
/// Writes every TOPPSS event of a share server into the server's hash-chained audit log (the same chain as its share
/// requests): who, what kind, the failed-guess count; never a key share, a tag or an element. The append is waited for,
/// so an evaluation is on the log before its answer leaves.
/// </summary>
internal sealed class ShareStoreOprfAudit(IShareStore store) : IOprfAuditSink
{
    public void Record(OprfAuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        bool allowed = auditEvent.Kind is OprfAuditKind.Enrolled or OprfAuditKind.Replaced or OprfAuditKind.Evaluated
            or OprfAuditKind.Confirmed or OprfAuditKind.Refreshed or OprfAuditKind.Removed;
        string outcome = $"{auditEvent.Kind}; failed guesses {auditEvent.FailedGuesses}" + (auditEvent.Detail is { } detail ? "; " + detail : string.Empty);
        var line = new ShareAuditEvent(auditEvent.User.Value, "owner", "password", auditEvent.User.Value, allowed, outcome);
        store.AppendAuditAsync(line).GetAwaiter().GetResult();
    }
}
