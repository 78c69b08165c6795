namespace QkdNet.Services.PseudoData;

/// <summary>A row of the generated <c>trades</c> table.</summary>
/// <param name="AccountId">The customer's id.</param>
/// <param name="SymbolCode">A TSE-style four-digit code.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Shares, a multiple of 100.</param>
/// <param name="PriceYen">Whole yen, on the TSE tick grid.</param>
/// <param name="Date">A weekday (exchange holidays are not modelled).</param>
public readonly record struct PseudoTrade(
    int AccountId, int SymbolCode, TradeSide Side, long Quantity, long PriceYen, DateOnly Date);
