using System.Text.Json.Nodes;

namespace QkdNet.Node.Etsi;

/// <summary>
/// Why an ETSI GS QKD 014 operation gave no value: one of the spec's status codes (400, 401, 503) and its error body
/// (clause 6.5, <c>{"message", "details"}</c>). The error of a <see cref="Result{T, TError}"/> of the KME's operations.
/// </summary>
/// <param name="StatusCode">The HTTP status: 400, 401 or 503.</param>
/// <param name="Body">The spec's error body.</param>
public sealed record EtsiProblem(int StatusCode, EtsiError Body)
{
    /// <summary>A 400 with <paramref name="message"/> and, when given, one detail object.</summary>
    public static EtsiProblem BadRequest(string message, JsonObject? detail = null) => new(400, Make(message, detail));

    /// <summary>A 401.</summary>
    public static EtsiProblem Unauthorized(string? detail = null) => new(401, Make(EtsiMessages.Unauthorized, Detail(detail)));

    /// <summary>A 503.</summary>
    public static EtsiProblem Unavailable(string message, string? detail = null) => new(503, Make(message, Detail(detail)));

    /// <summary>A detail object <c>{"parameter": name, "problem": text}</c>.</summary>
    public static JsonObject Parameter(string name, string problem) => new() { ["parameter"] = name, ["problem"] = problem };

    private static JsonObject? Detail(string? text) => text is null ? null : new JsonObject { ["detail"] = text };

    private static EtsiError Make(string message, JsonObject? detail) => new(message, detail is null ? null : [detail]);
}
