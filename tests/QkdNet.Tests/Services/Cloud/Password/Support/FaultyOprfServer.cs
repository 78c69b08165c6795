using QkdNet.Services.Cloud.Password;

namespace QkdNet.Tests.Services.Cloud.Password.Support;

/// <summary>
/// A real share server behind a fault: its evaluation answers pass through <paramref name="alterEvaluation"/> (a lying
/// server), or every call throws what a broken transport throws (a server that is down).
/// </summary>
public sealed class FaultyOprfServer(IOprfServer inner, Func<OprfEvaluateResult, OprfEvaluateResult>? alterEvaluation = null, Exception? transportFailure = null, bool refreshFails = false) : IOprfServer
{
    /// <summary>A server that answers everything but whose refresh requests are lost on the way.</summary>
    public static FaultyOprfServer LosesRefreshes(IOprfServer inner) => new(inner, refreshFails: true);

    public static FaultyOprfServer Down(IOprfServer inner) => new(inner, transportFailure: new HttpRequestException("Connection refused (127.0.0.1:1)"));

    public Task<OprfResult> EnrollAsync(OprfEnrollRequest request, CancellationToken cancellationToken = default) =>
        transportFailure is null ? inner.EnrollAsync(request, cancellationToken) : Task.FromException<OprfResult>(transportFailure);

    public async Task<OprfEvaluateResult> EvaluateAsync(OprfEvaluateRequest request, CancellationToken cancellationToken = default)
    {
        if (transportFailure is not null)
        {
            throw transportFailure;
        }

        var result = await inner.EvaluateAsync(request, cancellationToken);
        return alterEvaluation is null ? result : alterEvaluation(result);
    }

    public Task<OprfResult> ConfirmAsync(OprfConfirmRequest request, CancellationToken cancellationToken = default) =>
        transportFailure is null ? inner.ConfirmAsync(request, cancellationToken) : Task.FromException<OprfResult>(transportFailure);

    public Task<OprfResult> RefreshAsync(OprfRefreshRequest request, CancellationToken cancellationToken = default) =>
        transportFailure is null && !refreshFails
            ? inner.RefreshAsync(request, cancellationToken)
            : Task.FromException<OprfResult>(transportFailure ?? new IOException("Connection reset by peer"));

    public Task<OprfResult> RemoveAsync(OprfRemoveRequest request, CancellationToken cancellationToken = default) =>
        transportFailure is null ? inner.RemoveAsync(request, cancellationToken) : Task.FromException<OprfResult>(transportFailure);
}
