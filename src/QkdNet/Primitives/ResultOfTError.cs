namespace QkdNet;

/// <summary>
/// A value, or a typed error saying why there is none. The one result type for expected failures that a
/// caller acts on by kind (a key store's refusal, a relay's rejection, a KME's answer); <see cref="Result{T}"/>
/// is its short form when the reason is only a sentence for a person. Exceptions stay for what is not expected.
/// </summary>
/// <typeparam name="T">The value on success.</typeparam>
/// <typeparam name="TError">The error on failure: a record naming the kind and the detail, never key bytes.</typeparam>
public readonly record struct Result<T, TError>
    where TError : class
{
    private readonly T? _value;

    private Result(T? value, TError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The error, or null on success.</summary>
    public TError? Error { get; }

    /// <summary>True when a value is present.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The value; throws when the result is a failure (a bug in the caller, who should test first).</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"No value: {Error}");

    /// <summary>A success.</summary>
    public static Result<T, TError> Ok(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static Result<T, TError> Fail(TError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>The value when there is one; the pattern that needs no null-forgiving operator.</summary>
    public bool TryGetValue(out T value)
    {
        value = _value!;
        return Error is null;
    }

    /// <summary>This failure as a result of another value type (a failure carries no value to convert).</summary>
    public Result<TOther, TError> Cast<TOther>() =>
        Error is null ? throw new InvalidOperationException("Only a failure can be re-typed.") : Result<TOther, TError>.Fail(Error);

    /// <summary>A success.</summary>
    public static implicit operator Result<T, TError>(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static implicit operator Result<T, TError>(TError error) => Fail(error);
}
