namespace QkdNet.Services.PseudoData;

/// <summary>Buy or sell, as the generated tables store it.</summary>
public enum TradeSide
{
    Buy = 1,
    Sell = 2,
}
