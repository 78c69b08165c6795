namespace QkdNet.Services.Cloud.Client;

/// <summary>One server's part in a get: the verdict and, when it is not verified, why.</summary>
/// <param name="Server">The server's name.</param>
/// <param name="Verdict">What the owner concluded.</param>
/// <param name="Reason">Why, when not verified.</param>
public sealed record ServerAnswer(string Server, ShareVerdict Verdict, string? Reason);
