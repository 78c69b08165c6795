namespace QkdNet.Services.Cloud.Password;

/// <summary>What a share server's TOPPSS audit event records.</summary>
public enum OprfAuditKind
{
    Enrolled,
    Replaced,
    EnrollRefused,
    Evaluated,
    RateLimited,
    UnknownUser,
    Confirmed,
    ConfirmRefused,
    Refreshed,
    RefreshRefused,
    Removed,
    RemoveRefused,
}
