namespace QkdNet.Services.Cloud.Access;

/// <summary>The policy's answer to one request.</summary>
/// <param name="Allowed">Whether the request may proceed.</param>
/// <param name="Role">The role that allowed it, or the caller's roles when denied ("none" when unknown).</param>
/// <param name="Reason">Why it was denied (one sentence), or "ok".</param>
public sealed record AccessDecision(bool Allowed, string Role, string Reason);
