namespace QkdNet.KeyManagement;

/// <summary>
/// Why a key store operation did not happen (the <see cref="KeyStoreFailure.Code"/>). Every failure consumes nothing. The ETSI 014 host maps
/// these to status codes (suggested mapping in each member's summary).
/// </summary>
public enum KeyStoreError
{
    /// <summary>The store is sealed; no key operation is possible until it is unsealed (503).</summary>
    Sealed = 1,

    /// <summary>The store has no master key yet; <see cref="IKeyStore.InitializeSealAsync"/> first (503).</summary>
    NotInitialized,

    /// <summary>The store already has a master key (409 on an operator route).</summary>
    AlreadyInitialized,

    /// <summary>The passphrase or the shares do not open the master key; the store stays sealed (401 on an operator route).</summary>
    WrongCredential,

    /// <summary>Fewer unseal shares than the threshold (400 on an operator route).</summary>
    InsufficientShares,

    /// <summary>Malformed request: count or size out of range, duplicate IDs, empty lists (400).</summary>
    InvalidRequest,

    /// <summary>The link has too little unconsumed material for the request (503: "keys are being exhausted").</summary>
    InsufficientKeyMaterial,

    /// <summary>Ingesting the block would pass the pool's capacity.</summary>
    PoolFull,

    /// <summary>A block with this ID was ingested on this link before.</summary>
    DuplicateBlock,

    /// <summary>An imported reservation names a block this node never ingested (or already destroyed).</summary>
    UnknownBlock,

    /// <summary>An imported reservation names material outside its block or already consumed here.</summary>
    MaterialUnavailable,

    /// <summary>An imported key ID already exists in this store.</summary>
    DuplicateKeyId,

    /// <summary>A requested key ID is unknown here (never existed, expired, or fully delivered) (400).</summary>
    UnknownKey,

    /// <summary>The caller is not a slave the key was reserved for, or the master SAE does not match (401).</summary>
    NotAuthorized,

    /// <summary>The caller already received this key (400).</summary>
    AlreadyDelivered,

    /// <summary>The durable write failed (disk, audit log); nothing was consumed (503).</summary>
    StorageFailure,

    /// <summary>
    /// The confirmation of <see cref="IKeyStore.ReserveConfirmedAsync"/> (the peer KME's import) failed: the reserved
    /// material is spent and no key was handed out (503).
    /// </summary>
    NotConfirmed,
}
