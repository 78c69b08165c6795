namespace QkdNet.Services.Cloud.Storage;

/// <summary>
/// Why a share store refused or failed an operation: the kind, which the data server maps to an HTTP status, and one
/// sentence for the audit log and the answer. Never holds share bytes, so <see cref="ToString"/> is safe to log.
/// </summary>
public sealed record ShareStoreFailure
{
    /// <summary>A failure of kind <paramref name="code"/>.</summary>
    /// <param name="code">The kind of failure.</param>
    /// <param name="detail">Why, for a person: IDs, versions and lengths at most, never share bytes.</param>
    public ShareStoreFailure(ShareStoreError code, string detail)
    {
        if (!Enum.IsDefined(code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Not a share store error.");
        }

        ArgumentNullException.ThrowIfNull(detail);
        Code = code;
        Detail = detail;
    }

    /// <summary>The kind of failure.</summary>
    public ShareStoreError Code { get; }

    /// <summary>Why it failed, for the audit log or an error body.</summary>
    public string Detail { get; }

    /// <summary>The kind and the detail, e.g. <c>NotFound: no share ... on this server.</c></summary>
    public override string ToString() => $"{Code}: {Detail}";
}
