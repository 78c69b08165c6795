namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// One share server of TOPPSS, as the client sees it: in process (<see cref="OprfKeyShareServer"/>) or over HTTPS. Every
/// method answers with a status and never throws for a bad request; a transport that cannot reach its server answers
/// <see cref="OprfStatus.ServerFailed"/> (the client also turns a transport exception into that).
/// </summary>
public interface IOprfServer
{
    /// <summary>Stores a user's record (TOPPSS initialisation), or replaces it under a replace authorisation.</summary>
    Task<OprfResult> EnrollAsync(OprfEnrollRequest request, CancellationToken cancellationToken = default);

    /// <summary>b_i = k_i * a for the user's record: counted as a failed guess until confirmed, rate-limited, audited.</summary>
    Task<OprfEvaluateResult> EvaluateAsync(OprfEvaluateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Clears the user's failed-guess count for a guess the client proves successful.</summary>
    Task<OprfResult> ConfirmAsync(OprfConfirmRequest request, CancellationToken cancellationToken = default);

    /// <summary>Adds a share of zero to the key share (proactive refresh); raises the epoch.</summary>
    Task<OprfResult> RefreshAsync(OprfRefreshRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes the user's record.</summary>
    Task<OprfResult> RemoveAsync(OprfRemoveRequest request, CancellationToken cancellationToken = default);
}
