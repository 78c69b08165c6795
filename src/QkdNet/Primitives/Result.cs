namespace QkdNet;

/// <summary>A value, or the reason there is none (an expected failure, such as a bad parameter).</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, string? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The reason for failure, or null on success.</summary>
    public string? Error { get; }

    /// <summary>True when a value is present.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The value; throws when the result is a failure (a bug in the caller).</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"No value: {Error}");

    /// <summary>A failure with a reason that names the problem.</summary>
    public static Result<T> Fail(string error) => new(default, error);

    /// <summary>A success; for interface-typed values, which the implicit conversion cannot take.</summary>
    public static Result<T> Ok(T value) => new(value, null);

    /// <summary>A success.</summary>
    public static implicit operator Result<T>(T value) => new(value, null);
}
