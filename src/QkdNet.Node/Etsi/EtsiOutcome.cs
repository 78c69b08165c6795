using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace QkdNet.Node.Etsi;

/// <summary>The result of an ETSI operation: a value, or one of the spec's status codes (400, 401, 503) with its error body.</summary>
/// <typeparam name="T">The value of a success.</typeparam>
public readonly record struct EtsiOutcome<T>(T? Value, int StatusCode, EtsiError? Error)
{
    /// <summary>A 200.</summary>
    public static EtsiOutcome<T> Ok(T value) => new(value, 200, null);

    /// <summary>A 400 with <paramref name="message"/> and, when given, one detail object.</summary>
    public static EtsiOutcome<T> BadRequest(string message, JsonObject? detail = null) => new(default, 400, Make(message, detail));

    /// <summary>A 401.</summary>
    public static EtsiOutcome<T> Unauthorized(string? detail = null) => new(default, 401, Make(EtsiMessages.Unauthorized, Detail(detail)));

    /// <summary>A 503.</summary>
    public static EtsiOutcome<T> Unavailable(string message, string? detail = null) => new(default, 503, Make(message, Detail(detail)));

    /// <summary>The value of a 200; false for a refusal, whose <see cref="StatusCode"/> and <see cref="Error"/> say why.</summary>
    public bool TryGetValue([NotNullWhen(true)] out T? value)
    {
        value = Value;
        return StatusCode == 200 && value is not null;
    }

    /// <summary>The same failure for another value type.</summary>
    public EtsiOutcome<TOther> Cast<TOther>() => new(default, StatusCode, Error);

    /// <summary>A detail object <c>{"parameter": name, "problem": text}</c>.</summary>
    public static JsonObject Parameter(string name, string problem) => new() { ["parameter"] = name, ["problem"] = problem };

    private static JsonObject? Detail(string? text) => text is null ? null : new JsonObject { ["detail"] = text };

    private static EtsiError Make(string message, JsonObject? detail) => new(message, detail is null ? null : [detail]);
}
