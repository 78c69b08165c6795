namespace QkdNet.KeyManagement;

/// <summary>
/// The outcome of a key store operation: a value, or a <see cref="KeyStoreError"/> with a short
/// human-readable detail (never key bytes). Expected failures travel as this value, not as exceptions.
/// </summary>
/// <typeparam name="T">The value of a success.</typeparam>
public readonly record struct KeyStoreResult<T>
{
    private KeyStoreResult(T? value, KeyStoreError error, string? detail)
    {
        Value = value;
        Error = error;
        Detail = detail;
    }

    /// <summary>The value; <c>default</c> on failure.</summary>
    public T? Value { get; }

    /// <summary><see cref="KeyStoreError.None"/> on success.</summary>
    public KeyStoreError Error { get; }

    /// <summary>Why it failed, for a log or an error body; null on success.</summary>
    public string? Detail { get; }

    /// <summary>Whether the operation happened.</summary>
    public bool IsSuccess => Error == KeyStoreError.None;

    /// <summary>A success carrying <paramref name="value"/>.</summary>
    public static KeyStoreResult<T> Success(T value) => new(value, KeyStoreError.None, null);

    /// <summary>A failure; <paramref name="error"/> must not be <see cref="KeyStoreError.None"/>.</summary>
    public static KeyStoreResult<T> Failure(KeyStoreError error, string detail)
    {
        if (error == KeyStoreError.None)
        {
            throw new ArgumentException("A failure needs an error.", nameof(error));
        }

        return new(default, error, detail);
    }

    /// <summary>The same failure re-typed for another value type.</summary>
    public KeyStoreResult<TOther> Cast<TOther>() =>
        IsSuccess ? throw new InvalidOperationException("Only a failure can be re-typed.") : KeyStoreResult<TOther>.Failure(Error, Detail!);
}
