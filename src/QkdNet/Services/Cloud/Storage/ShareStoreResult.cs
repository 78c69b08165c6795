namespace QkdNet.Services.Cloud.Storage;

/// <summary>The value of a share-store operation, or the <see cref="ShareStoreError"/> that says why there is none.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public readonly record struct ShareStoreResult<T>
{
    private readonly T? _value;

    private ShareStoreResult(T? value, ShareStoreError error, string? detail)
    {
        _value = value;
        Error = error;
        Detail = detail;
    }

    /// <summary><see cref="ShareStoreError.None"/> on success.</summary>
    public ShareStoreError Error { get; }

    /// <summary>One sentence on the failure (never share bytes), or null.</summary>
    public string? Detail { get; }

    /// <summary>True when a value is present.</summary>
    public bool IsSuccess => Error == ShareStoreError.None;

    /// <summary>The value; throws when the result is a failure (a bug in the caller).</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {Error} {Detail}");

    /// <summary>A success.</summary>
    public static ShareStoreResult<T> Ok(T value) => new(value, ShareStoreError.None, null);

    /// <summary>A failure.</summary>
    public static ShareStoreResult<T> Fail(ShareStoreError error, string detail)
    {
        if (error == ShareStoreError.None)
        {
            throw new ArgumentOutOfRangeException(nameof(error));
        }

        return new(default, error, detail);
    }
}
