namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The outcome of <see cref="PasswordRestoreClient.SetupAsync"/>: on failure, the problem and every server that failed,
/// including any whose rollback failed (which then still holds a record nobody can use without the password).
/// </summary>
public sealed record PasswordSetupResult(PasswordSetupStatus Status, string? Problem, IReadOnlyList<ServerFailure> Failures)
{
    public bool IsDone => Status == PasswordSetupStatus.Done;
}
