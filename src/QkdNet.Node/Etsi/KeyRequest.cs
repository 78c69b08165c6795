using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Etsi;

/// <summary>
/// A Get key request (ETSI GS QKD 014 clause 5.2) after every check: the SAEs, the count and size this KME serves, and
/// where the keys go. Made once by <see cref="KeyDeliveryService"/>; the local and the relayed path act on it and
/// check nothing again.
/// </summary>
/// <param name="Master">The calling master SAE.</param>
/// <param name="Slaves">The slave SAE first, then the additional slaves; distinct, none the master, all at <see cref="Destination"/>.</param>
/// <param name="Count">Number of keys, 1 to the store's limit.</param>
/// <param name="SizeBits">Key size in bits, a multiple of 8 within the store's limits.</param>
/// <param name="Destination">Where the keys go.</param>
public sealed record KeyRequest(SaeId Master, IReadOnlyList<SaeId> Slaves, int Count, int SizeBits, KeyDestination Destination);

/// <summary>Where a Get key request's keys go: over a direct link (this KME or a neighbour), or relayed across trusted nodes.</summary>
/// <param name="Kme">The slaves' KME.</param>
/// <param name="Direct">The pool and peer of a direct link; null when the keys are relayed to <paramref name="Kme"/>.</param>
public readonly record struct KeyDestination(KmeId Kme, KeyRoute? Direct)
{
    /// <summary>True when the keys are relayed.</summary>
    public bool IsRelayed => Direct is null;
}
