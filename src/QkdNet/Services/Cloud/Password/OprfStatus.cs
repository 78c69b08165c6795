namespace QkdNet.Services.Cloud.Password;

/// <summary>What a share server did with a request (the HTTP layer maps each to one status code; docs/cloud-password.md).</summary>
public enum OprfStatus
{
    /// <summary>Done (200).</summary>
    Ok,

    /// <summary>Enrolment of a user the server already holds, without a replace authorisation (409).</summary>
    AlreadyEnrolled,

    /// <summary>The server holds no record for the user (404).</summary>
    UnknownUser,

    /// <summary>Too many unconfirmed guesses: try again after the result's retry-after (429).</summary>
    RateLimited,

    /// <summary>A proof did not verify (403).</summary>
    NotAuthorized,

    /// <summary>The request names an epoch the record has left (409): a replay, or a concurrent change.</summary>
    StaleEpoch,

    /// <summary>A field is out of range or does not parse (400).</summary>
    Malformed,

    /// <summary>The server could not be reached or answered garbage (set by the transport or the client, never by a server).</summary>
    ServerFailed,
}
