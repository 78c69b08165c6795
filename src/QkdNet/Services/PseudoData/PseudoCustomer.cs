namespace QkdNet.Services.PseudoData;

/// <summary>A row of the generated <c>customers</c> table.</summary>
/// <param name="Id">From 1; the AccountId of orders and trades.</param>
/// <param name="Age">Years, 20 to 89.</param>
/// <param name="Region">Where the customer lives.</param>
/// <param name="BalanceYen">Account balance, whole yen (fixed point with no decimals: the yen has no subunit in use).</param>
/// <param name="RiskClass">1 (most cautious) to 5.</param>
public readonly record struct PseudoCustomer(long Id, int Age, JapanRegion Region, long BalanceYen, int RiskClass);
