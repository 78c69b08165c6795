namespace QkdNet.KeyManagement;

/// <summary>
/// A <c>dec_keys</c> request: <see cref="Caller"/> (the slave SAE, from its client certificate) asks for
/// keys <see cref="KeyIds"/> that <see cref="MasterSae"/> (from the URL) reserved.
/// </summary>
/// <param name="Caller">The slave SAE asking.</param>
/// <param name="MasterSae">The master SAE named in the request.</param>
/// <param name="KeyIds">Distinct key IDs, 1 to <see cref="IKeyStore.MaxKeysPerRequest"/>.</param>
public sealed record FetchRequest(SaeId Caller, SaeId MasterSae, IReadOnlyList<KeyId> KeyIds);
