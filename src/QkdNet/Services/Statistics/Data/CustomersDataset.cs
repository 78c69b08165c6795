using QkdNet.Services.PseudoData;

namespace QkdNet.Services.Statistics.Data;

/// <summary>The <c>customers</c> table of <see cref="PseudoDataGenerator"/> as a shareable dataset.</summary>
public static class CustomersDataset
{
    /// <summary>age (integer years), region (categorical, the ten <see cref="JapanRegion"/>s), balance (integer yen), risk (1 to 5).</summary>
    public static TableSchema Schema { get; } = new(
        "customers",
        [
            ColumnSchema.Integer("age", 20, 89),
            // one-hot indicators shared by the owner: a group-by or region filter costs no product (ColumnSchema.HasIndicators)
            ColumnSchema.Categorical("region", Enum.GetNames<JapanRegion>()).WithIndicators(),
            // squares of balances reach 10^18: variance goes through 15-bit limbs (ColumnSchema.LimbBits)
            ColumnSchema.Integer("balance", 0, 1_000_000_000).WithLimbs(15),
            ColumnSchema.Integer("risk", 1, 5),
        ]);

    /// <summary>The first <paramref name="rows"/> customers of <paramref name="generator"/>, column by column.</summary>
    public static Dictionary<string, long[]> Columns(PseudoDataGenerator generator, int rows)
    {
        var age = new long[rows];
        var region = new long[rows];
        var balance = new long[rows];
        var risk = new long[rows];
        int i = 0;
        foreach (PseudoCustomer customer in generator.Customers(rows))
        {
            age[i] = customer.Age;
            region[i] = (long)customer.Region; // JapanRegion starts at 1, in schema order
            balance[i] = customer.BalanceYen;
            risk[i] = customer.RiskClass;
            i++;
        }

        return new() { ["age"] = age, ["region"] = region, ["balance"] = balance, ["risk"] = risk };
    }
}
