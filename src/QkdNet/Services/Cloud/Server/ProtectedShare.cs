namespace QkdNet.Services.Cloud.Server;

/// <summary>A share on its way to the owner: sealed bytes, the version they are at, the key consumed.</summary>
/// <param name="Wire">The sealed share.</param>
/// <param name="Version">The share's version.</param>
/// <param name="KeyBits">QKD key used to seal it, in bits.</param>
public sealed record ProtectedShare(byte[] Wire, long Version, long KeyBits);
