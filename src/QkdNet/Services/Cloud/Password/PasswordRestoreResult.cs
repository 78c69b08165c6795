using QkdNet.KeyManagement;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The outcome of <see cref="PasswordRestoreClient.RestoreAsync"/>: the secret when restored (the caller disposes it),
/// the servers proven to lie (their answers were excluded), the servers that failed, and on a rate limit the wait.
/// </summary>
public sealed record PasswordRestoreResult(
    PasswordRestoreStatus Status,
    string? Problem,
    KeyMaterial? Secret,
    IReadOnlyList<string> LyingServers,
    IReadOnlyList<ServerFailure> Failures)
{
    /// <summary>On <see cref="PasswordRestoreStatus.RateLimited"/>, the longest wait any server asked for.</summary>
    public TimeSpan RetryAfter { get; init; }

    public bool IsRestored => Status == PasswordRestoreStatus.Restored;

    /// <summary>Status, problem and the names of liars and failed servers; never the secret.</summary>
    public override string ToString() =>
        $"PasswordRestoreResult({Status}, {Problem ?? "no problem"}, lying: [{string.Join(", ", LyingServers)}], failed: [{string.Join(", ", Failures.Select(f => f.Server))}])";
}
