namespace QkdNet.KeyManagement;

/// <summary>
/// Why a key store operation did not happen: the kind, which a caller acts on (the ETSI 014 host maps it to a
/// status code), and a short sentence for a log or an error body. Never holds key bytes, so <see cref="ToString"/>
/// is safe to log.
/// </summary>
public sealed record KeyStoreFailure
{
    /// <summary>A failure of kind <paramref name="code"/>.</summary>
    /// <param name="code">The kind of failure.</param>
    /// <param name="detail">Why, for a person: IDs and counts at most, never key material.</param>
    public KeyStoreFailure(KeyStoreError code, string detail)
    {
        if (!Enum.IsDefined(code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Not a key store error.");
        }

        ArgumentNullException.ThrowIfNull(detail);
        Code = code;
        Detail = detail;
    }

    /// <summary>The kind of failure.</summary>
    public KeyStoreError Code { get; }

    /// <summary>Why it failed, for a log or an error body.</summary>
    public string Detail { get; }

    /// <summary>Deconstructs into the kind and the detail.</summary>
    public void Deconstruct(out KeyStoreError code, out string detail) => (code, detail) = (Code, Detail);

    /// <summary>The kind and the detail, e.g. <c>Sealed: The key store is sealed.</c></summary>
    public override string ToString() => $"{Code}: {Detail}";
}
