namespace QkdNet.Services.Cloud.Server;

/// <summary>The QKD protection a request names: the protection header and the key IDs header, as sent.</summary>
/// <param name="Protection">The <c>X-Qkd-Protection</c> header, or null.</param>
/// <param name="KeyIds">The <c>X-Qkd-Key-Ids</c> header, or null.</param>
public sealed record ProtectedRequest(string? Protection, string? KeyIds);
