namespace QkdNet.KeyManagement.Sealing;

/// <summary>The result of initialising a store's seal: the unseal shares to hand, one each, to the custodians.</summary>
/// <param name="Shares">The shares (empty without shares); secret, dispose once handed out.</param>
public sealed record SealInitialization(IReadOnlyList<ShamirShare> Shares);
