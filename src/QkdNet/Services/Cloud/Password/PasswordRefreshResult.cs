namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The outcome of <see cref="PasswordRestoreClient.RefreshSharesAsync"/>: done, or the problem, the servers proven to lie
/// and the servers that failed (a failed refresh is rolled back; a server whose rollback failed is listed as such).
/// </summary>
public sealed record PasswordRefreshResult(bool IsDone, string? Problem, IReadOnlyList<string> LyingServers, IReadOnlyList<ServerFailure> Failures);
