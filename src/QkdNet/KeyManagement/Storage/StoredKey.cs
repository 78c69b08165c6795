namespace QkdNet.KeyManagement.Storage;

/// <summary>A row of the keys table as read (the material still sealed).</summary>
internal sealed record StoredKey(KeyId Id, string Link, string Master, string Slaves, string Pending, long ExpiresAt, byte[]? Sealed);
