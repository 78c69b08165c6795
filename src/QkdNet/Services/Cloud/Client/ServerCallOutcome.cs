namespace QkdNet.Services.Cloud.Client;

/// <summary>How a call to a data server ended, from the owner's side.</summary>
public enum ServerCallOutcome
{
    /// <summary>Answered as asked.</summary>
    Ok,

    /// <summary>No answer: connection refused, TLS failure, timeout, 503.</summary>
    Unreachable,

    /// <summary>A well-formed refusal (400, 403, 404, 409, 413) with the server's reason.</summary>
    Refused,

    /// <summary>An answer that is not what the protocol allows (wrong framing, failed transport tag, bad MAC).</summary>
    Garbage,
}
