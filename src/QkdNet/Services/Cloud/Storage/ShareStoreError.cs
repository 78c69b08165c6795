namespace QkdNet.Services.Cloud.Storage;

/// <summary>Why a share store refused or failed an operation (the kind of a <see cref="ShareStoreFailure"/>).</summary>
public enum ShareStoreError
{
    /// <summary>No share has that identifier.</summary>
    NotFound = 1,

    /// <summary>A share already has that identifier (a put never overwrites).</summary>
    AlreadyExists,

    /// <summary>The share is at another version than the caller expected (a concurrent refresh); nothing changed.</summary>
    VersionMismatch,

    /// <summary>The device or the store's quota is full; nothing changed.</summary>
    Full,

    /// <summary>The share is larger than this store takes (one request too large); nothing changed.</summary>
    TooLarge,

    /// <summary>The bytes streaming in failed (their source gave up, or their length was not the one declared); nothing kept.</summary>
    Rejected,

    /// <summary>The database failed (I/O, a lost connection); nothing changed.</summary>
    StorageFailure,
}
