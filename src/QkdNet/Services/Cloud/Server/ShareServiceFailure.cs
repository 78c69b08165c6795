namespace QkdNet.Services.Cloud.Server;

/// <summary>
/// Why a data-server request was refused or failed: the <see cref="ShareServiceStatus"/> the host maps to one HTTP
/// status, and one sentence for the answer's body. Never holds share or key bytes, so <see cref="ToString"/> is safe to log.
/// </summary>
public sealed record ShareServiceFailure
{
    /// <summary>A failure of kind <paramref name="status"/>.</summary>
    /// <param name="status">How the request ended.</param>
    /// <param name="reason">One sentence for the caller, never share or key bytes.</param>
    public ShareServiceFailure(ShareServiceStatus status, string reason)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not a share service failure.");
        }

        ArgumentNullException.ThrowIfNull(reason);
        Status = status;
        Reason = reason;
    }

    /// <summary>How the request ended.</summary>
    public ShareServiceStatus Status { get; }

    /// <summary>Why, for the answer's body.</summary>
    public string Reason { get; }

    /// <summary>The status and the reason, e.g. <c>Forbidden: share ... belongs to another owner.</c></summary>
    public override string ToString() => $"{Status}: {Reason}";
}
