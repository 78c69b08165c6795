using QkdNet.Services.Cloud.Password;

namespace QkdNet.Tests.Services.Cloud.Password.Support;

/// <summary>A real share server that also writes down every blinded element it is shown (what a curious server sees).</summary>
public sealed class RecordingOprfServer(IOprfServer inner, List<GroupElement> seen) : IOprfServer
{
    public Task<OprfResult> EnrollAsync(OprfEnrollRequest request, CancellationToken cancellationToken = default) => inner.EnrollAsync(request, cancellationToken);

    public Task<OprfEvaluateResult> EvaluateAsync(OprfEvaluateRequest request, CancellationToken cancellationToken = default)
    {
        lock (seen)
        {
            seen.Add(request.BlindedElement);
        }

        return inner.EvaluateAsync(request, cancellationToken);
    }

    public Task<OprfResult> ConfirmAsync(OprfConfirmRequest request, CancellationToken cancellationToken = default) => inner.ConfirmAsync(request, cancellationToken);

    public Task<OprfResult> RefreshAsync(OprfRefreshRequest request, CancellationToken cancellationToken = default) => inner.RefreshAsync(request, cancellationToken);

    public Task<OprfResult> RemoveAsync(OprfRemoveRequest request, CancellationToken cancellationToken = default) => inner.RemoveAsync(request, cancellationToken);
}
