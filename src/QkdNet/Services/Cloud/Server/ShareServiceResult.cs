namespace QkdNet.Services.Cloud.Server;

/// <summary>The answer to one data-server request: a value when <see cref="Status"/> is Ok, else the reason.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Status">How it ended.</param>
/// <param name="Value">The value when Ok.</param>
/// <param name="Reason">One sentence when not Ok (never share or key bytes).</param>
public sealed record ShareServiceResult<T>(ShareServiceStatus Status, T? Value, string? Reason)
{
    /// <summary>Success.</summary>
    public static ShareServiceResult<T> Ok(T value) => new(ShareServiceStatus.Ok, value, null);

    /// <summary>A failure.</summary>
    public static ShareServiceResult<T> Fail(ShareServiceStatus status, string reason) => new(status, default, reason);
}
