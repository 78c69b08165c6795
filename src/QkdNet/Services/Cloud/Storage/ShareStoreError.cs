namespace QkdNet.Services.Cloud.Storage;

/// <summary>Why a share store refused or failed an operation.</summary>
public enum ShareStoreError
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>No share has that identifier.</summary>
    NotFound,

    /// <summary>A share already has that identifier (a put never overwrites).</summary>
    AlreadyExists,

    /// <summary>The share is at another version than the caller expected (a concurrent refresh); nothing changed.</summary>
    VersionMismatch,

    /// <summary>The share would exceed the store's size limit, or the device is full; nothing changed.</summary>
    Full,

    /// <summary>The database failed (I/O, a lost connection); nothing changed.</summary>
    StorageFailure,
}
