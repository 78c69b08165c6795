namespace QkdNet.KeyManagement;

/// <summary>
/// An <c>enc_keys</c> request as the master KME hands it to its store: <see cref="Count"/> keys of
/// <see cref="SizeBits"/> bits each from the pool of <see cref="Link"/>, for <see cref="MasterSae"/> and
/// the <see cref="SlaveSaes"/> (the slave named in the URL first, then <c>additional_slave_SAE_IDs</c>).
/// </summary>
/// <param name="Link">The link whose pool supplies the material.</param>
/// <param name="MasterSae">The caller of <c>enc_keys</c>.</param>
/// <param name="SlaveSaes">One or more distinct slaves allowed to fetch the keys with <c>dec_keys</c>.</param>
/// <param name="Count">Number of keys, 1 to <see cref="IKeyStore.MaxKeysPerRequest"/>.</param>
/// <param name="SizeBits">Size of each key in bits, a positive multiple of 8 up to <see cref="IKeyStore.MaxKeySizeBits"/>.</param>
/// <param name="Scope">Where the slaves fetch the keys.</param>
public sealed record ReserveRequest(
    LinkId Link,
    SaeId MasterSae,
    IReadOnlyList<SaeId> SlaveSaes,
    int Count,
    int SizeBits,
    KeyDeliveryScope Scope = KeyDeliveryScope.Remote);
