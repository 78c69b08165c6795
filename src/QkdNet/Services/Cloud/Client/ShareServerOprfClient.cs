using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.Services.Cloud.Password;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// A share server's TOPPSS routes as an <see cref="IOprfServer"/>, over the owner's mutual-TLS connection
/// (<see cref="ShareServerConnection.Password"/>): bodies in <see cref="OprfWire"/>, a refusal read back from the
/// ProblemDetails' <see cref="OprfWire.StatusExtension"/>. An answer that is not what the route gives (no status name,
/// a body that does not parse, a 5xx) is <see cref="OprfStatus.ServerFailed"/>; a transport exception is left to
/// <see cref="PasswordRestoreClient"/>, which reports it as that server's failure.
/// </summary>
internal sealed class ShareServerOprfClient(HttpClient http) : IOprfServer
{
    public Task<OprfResult> EnrollAsync(OprfEnrollRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] record = request.Record.Serialize();
        return PostAsync(HttpMethod.Put, request.Record.User, string.Empty, new OprfWire.Enroll(record, request.ReplaceAuthorization), cancellationToken, zero: record);
    }

    public async Task<OprfEvaluateResult> EvaluateAsync(OprfEvaluateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using HttpRequestMessage message = Request(HttpMethod.Post, request.User, "/evaluate", new OprfWire.Evaluate(request.BlindedElement.Encoded.ToArray()));
        using HttpResponseMessage response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            OprfResult refused = await RefusalAsync(response, cancellationToken).ConfigureAwait(false);
            return refused.Status == OprfStatus.RateLimited
                ? OprfEvaluateResult.Limited(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), refused.Problem ?? "rate-limited.")
                : OprfEvaluateResult.Failed(refused.Status, refused.Problem ?? "refused.");
        }

        OprfWire.Evaluated? body = await ReadAsync<OprfWire.Evaluated>(response, cancellationToken).ConfigureAwait(false);
        if (body is null || body.EvaluatedElement is null || !Guid.TryParseExact(body.Guess, "N", out Guid guess)
            || GroupElement.TryDecode(body.EvaluatedElement) is not { IsSuccess: true } element)
        {
            return OprfEvaluateResult.Failed(OprfStatus.ServerFailed, "the evaluation answer is not the expected JSON.");
        }

        return OprfEvaluateResult.Evaluated(body.ShareIndex, element.Value, body.Tag ?? [], body.Envelope ?? [], body.Epoch, new GuessId(guess));
    }

    public Task<OprfResult> ConfirmAsync(OprfConfirmRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync(HttpMethod.Post, request.User, "/confirm", new OprfWire.Confirm(request.Guess.ToString(), request.Proof), cancellationToken);
    }

    public Task<OprfResult> RefreshAsync(OprfRefreshRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync(HttpMethod.Post, request.User, "/refresh", new OprfWire.Refresh(request.Epoch, request.Delta, request.Proof), cancellationToken);
    }

    public Task<OprfResult> RemoveAsync(OprfRemoveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync(HttpMethod.Post, request.User, "/remove", new OprfWire.Remove(request.Epoch, request.Proof), cancellationToken);
    }

    private static HttpRequestMessage Request<T>(HttpMethod method, UserId user, string suffix, T body) =>
        new(method, $"v1/oprf/{Uri.EscapeDataString(user.Value)}{suffix}") { Content = JsonContent.Create(body) };

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The status a refusal names; a 5xx or an answer without a known status name is the server failing.</summary>
    private static async Task<OprfResult> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Problem? problem = (int)response.StatusCode >= 500 ? null : await ReadAsync<Problem>(response, cancellationToken).ConfigureAwait(false);
        return problem?.Status is { } name && Enum.TryParse(name, out OprfStatus status) && status is not (OprfStatus.Ok or OprfStatus.ServerFailed)
            ? new OprfResult(status, problem.Detail)
            : new OprfResult(OprfStatus.ServerFailed, $"the server answered HTTP {(int)response.StatusCode}.");
    }

    private async Task<OprfResult> PostAsync<T>(HttpMethod method, UserId user, string suffix, T body, CancellationToken cancellationToken, byte[]? zero = null)
    {
        try
        {
            using HttpRequestMessage request = Request(method, user, suffix, body);
            using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? OprfResult.Ok : await RefusalAsync(response, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (zero is not null)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(zero);
            }
        }
    }

    private sealed record Problem(
        [property: System.Text.Json.Serialization.JsonPropertyName("detail")] string? Detail,
        [property: System.Text.Json.Serialization.JsonPropertyName(OprfWire.StatusExtension)] string? Status);
}
