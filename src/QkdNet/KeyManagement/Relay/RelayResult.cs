namespace QkdNet.KeyManagement.Relay;

/// <summary>A value, or the <see cref="RelayRejection"/> that explains why there is none.</summary>
public readonly struct RelayResult<T>
{
    private readonly T? _value;

    private RelayResult(T? value, RelayRejection? rejection)
    {
        _value = value;
        Rejection = rejection;
    }

    /// <summary>The rejection, or null on success.</summary>
    public RelayRejection? Rejection { get; }

    /// <summary>True when a value is present.</summary>
    public bool IsSuccess => Rejection is null;

    /// <summary>The value; throws when rejected (a bug in the caller).</summary>
    public T Value => Rejection is null ? _value! : throw new InvalidOperationException($"No value: {Rejection}");

    /// <summary>A rejection.</summary>
    public static RelayResult<T> Reject(RelayRejectionReason reason, string detail, Guid? relayId = null) =>
        new(default, new RelayRejection(reason, detail, relayId));

    /// <summary>Carries a rejection over from a result of another type.</summary>
    public static RelayResult<T> From(RelayRejection rejection) => new(default, rejection);

    /// <summary>A success.</summary>
    public static implicit operator RelayResult<T>(T value) => new(value, null);
}
