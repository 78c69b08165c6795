namespace QkdNet.Services.Cloud.Storage;

/// <summary>One request to a data server as the audit log records it (never share bytes or key material).</summary>
/// <param name="Caller">The certificate name of the caller, or "-" when there was none.</param>
/// <param name="Role">The caller's role from the policy, or "none".</param>
/// <param name="Action">What was asked: put, get, list, refresh, delete, audit, health.</param>
/// <param name="Target">The share identifier, or "-".</param>
/// <param name="Allowed">Whether the policy allowed it (a denied request changes nothing).</param>
/// <param name="Outcome">What happened: "ok", or the reason it was denied or failed.</param>
public sealed record ShareAuditEvent(string Caller, string Role, string Action, string Target, bool Allowed, string Outcome);
