namespace QkdNet.Services.Cloud.Storage;

/// <summary>What a data server knows about one stored share, without its bytes.</summary>
/// <param name="Id">The random identifier.</param>
/// <param name="Owner">The certificate name of the owner who put it (the only identity that may read, refresh or delete it).</param>
/// <param name="Version">1 when put, one more after each refresh.</param>
/// <param name="LengthBytes">The share's length in bytes.</param>
/// <param name="UpdatedAt">When it was put or last refreshed.</param>
public sealed record ShareInfo(ShareId Id, string Owner, long Version, long LengthBytes, DateTimeOffset UpdatedAt);
