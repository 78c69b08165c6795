namespace QkdNet.Services.Cloud.Server;

/// <summary>Why a data-server request did not succeed (<see cref="ShareServiceFailure"/>); the host maps each to one HTTP status.</summary>
public enum ShareServiceStatus
{
    /// <summary>Malformed: a bad ID, header, length, unknown keys (400).</summary>
    BadRequest = 1,

    /// <summary>The policy denies it (403); nothing changed.</summary>
    Forbidden,

    /// <summary>No such share (404).</summary>
    NotFound,

    /// <summary>The ID exists already, or the share moved to another version (409).</summary>
    Conflict,

    /// <summary>One request larger than the server takes (413); nothing changed.</summary>
    TooLarge,

    /// <summary>The server's disk or quota is full (507 Insufficient Storage, RFC 4918 Sec. 11.5); nothing changed.</summary>
    InsufficientStorage,

    /// <summary>The KME or the database failed (503); nothing changed.</summary>
    Unavailable,
}
