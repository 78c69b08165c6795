using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Services.Cloud.Client;

/// <summary>What travels with a share: the sealed body (null for a request whose answer is sealed), its plan and the key IDs.</summary>
/// <param name="Body">The sealed body (owned by the request, which disposes it), or null.</param>
/// <param name="Plan">How it is (or the answer is to be) sealed.</param>
/// <param name="KeyIds">The QKD key IDs, in order of use.</param>
public sealed record SealedPayload(HttpContent? Body, ShareProtectionPlan Plan, IReadOnlyList<string> KeyIds);
