namespace QkdNet.KeyManagement;

/// <summary>
/// Everything the peer KME needs to import a reservation (<see cref="IKeyStore.ImportAsync"/>), with no
/// key bytes: the master KME serialises this onto the authenticated KME-to-KME channel (Kx).
/// </summary>
/// <param name="Link">The link whose blocks hold the material.</param>
/// <param name="MasterSae">The SAE that received the keys from <c>enc_keys</c>.</param>
/// <param name="SlaveSaes">The SAEs allowed to fetch the keys.</param>
/// <param name="ExpiresAt">When unfetched keys are destroyed (the master's clock).</param>
/// <param name="Keys">The keys, in the order <c>enc_keys</c> returned them.</param>
public sealed record ReservationDescriptor(
    LinkId Link,
    SaeId MasterSae,
    IReadOnlyList<SaeId> SlaveSaes,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<KeyAllocation> Keys);
