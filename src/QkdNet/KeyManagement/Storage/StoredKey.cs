namespace QkdNet.KeyManagement.Storage;

/// <summary>A row of a key store's keys table as read (the material still sealed).</summary>
/// <param name="Id">The key's ID.</param>
/// <param name="Link">The pool (link) the key was cut from.</param>
/// <param name="Master">The master SAE.</param>
/// <param name="Slaves">The slave SAEs, comma-separated.</param>
/// <param name="Pending">The slave SAEs that have not fetched the key yet, comma-separated; empty for a receipt.</param>
/// <param name="ExpiresAt">When the key expires, Unix milliseconds.</param>
/// <param name="Sealed">The key material sealed by the engine; null for bookkeeping-only rows and receipts.</param>
public sealed record StoredKey(KeyId Id, string Link, string Master, string Slaves, string Pending, long ExpiresAt, byte[]? Sealed);
