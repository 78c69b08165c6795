namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// One audited TOPPSS request at a share server: when, for whom, what happened, the server's share index and the user's
/// unconfirmed-guess count after it. Never a key share, tag, element or proof.
/// </summary>
public sealed record OprfAuditEvent(DateTimeOffset Time, UserId User, OprfAuditKind Kind, int ShareIndex, int FailedGuesses, string? Detail = null);
