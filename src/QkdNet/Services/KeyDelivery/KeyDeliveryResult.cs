namespace QkdNet.Services.KeyDelivery;

/// <summary>The value of a call to the KME, or the <see cref="KeyDeliveryError"/> that says why there is none.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public readonly record struct KeyDeliveryResult<T>
{
    private readonly T? _value;

    private KeyDeliveryResult(T? value, KeyDeliveryError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The failure, or null on success.</summary>
    public KeyDeliveryError? Error { get; }

    /// <summary>True when a value is present.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The value; throws when the result is a failure (a bug in the caller, who must check <see cref="IsSuccess"/>).</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"No value: {Error.Kind} {Error.Message}");

    /// <summary>A failure.</summary>
    public static KeyDeliveryResult<T> Fail(KeyDeliveryError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>A success.</summary>
    public static KeyDeliveryResult<T> Ok(T value) => new(value, null);
}
