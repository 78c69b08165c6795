namespace QkdNet.Services.Cloud.Client;

/// <summary>The value of a call to a data server, or how it failed and why (never share or key bytes).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Outcome">How it ended.</param>
/// <param name="Value">The value when <see cref="ServerCallOutcome.Ok"/>.</param>
/// <param name="StatusCode">The HTTP status, when there was one.</param>
/// <param name="Reason">One sentence when not Ok.</param>
public sealed record ServerCall<T>(ServerCallOutcome Outcome, T? Value, int? StatusCode, string? Reason)
{
    /// <summary>Whether the call succeeded.</summary>
    public bool IsOk => Outcome == ServerCallOutcome.Ok;

    /// <summary>Success.</summary>
    public static ServerCall<T> Ok(T value) => new(ServerCallOutcome.Ok, value, 200, null);

    /// <summary>A failure.</summary>
    public static ServerCall<T> Fail(ServerCallOutcome outcome, int? status, string reason) => new(outcome, default, status, reason);

    /// <summary>The same failure for another value type.</summary>
    public ServerCall<TOther> As<TOther>() => new(Outcome, default, StatusCode, Reason);
}
