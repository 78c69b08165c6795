namespace QkdNet.Services.PseudoData;

/// <summary>A generated limit order.</summary>
/// <param name="Sequence">Its number in the stream, from 1; makes a unique ClOrdID.</param>
/// <param name="AccountId">The customer's id, 1 to the generator's account count.</param>
/// <param name="SymbolCode">A TSE-style four-digit code such as 7203.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Quantity">Shares, a multiple of the 100-share lot.</param>
/// <param name="LimitPriceYen">Whole yen, on the TSE tick grid.</param>
public readonly record struct PseudoOrder(
    long Sequence, int AccountId, int SymbolCode, TradeSide Side, long Quantity, long LimitPriceYen);
