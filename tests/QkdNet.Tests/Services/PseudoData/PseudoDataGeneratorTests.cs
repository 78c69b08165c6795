using System.Security.Cryptography;
using System.Text;
using QkdNet.Services.PseudoData;

namespace QkdNet.Tests.Services.PseudoData;

public sealed class PseudoDataGeneratorTests
{
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private static string Digest<T>(IEnumerable<T> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (T row in rows)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(row!.ToString()!));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [Fact]
    public void Orders_SameSeed_SameRowsBitForBit()
    {
        var first = new PseudoDataGenerator(seed: 42);
        var second = new PseudoDataGenerator(seed: 42);

        Assert.Equal(Digest(first.Orders(50_000)), Digest(second.Orders(50_000)));
        Assert.Equal(Digest(first.Orders(50_000)), Digest(first.Orders(50_000)));
    }

    [Fact]
    public void CustomersAndTrades_SameSeed_SameRowsBitForBit()
    {
        var first = new PseudoDataGenerator(seed: 42);
        var second = new PseudoDataGenerator(seed: 42);

        Assert.Equal(Digest(first.Customers(20_000)), Digest(second.Customers(20_000)));
        Assert.Equal(Digest(first.Trades(20_000, Monday)), Digest(second.Trades(20_000, Monday)));
    }

    [Fact]
    public void Orders_DifferentSeeds_Differ()
    {
        Assert.NotEqual(
            Digest(new PseudoDataGenerator(seed: 1).Orders(1_000)),
            Digest(new PseudoDataGenerator(seed: 2).Orders(1_000)));
    }

    [Fact]
    public void Orders_Seed42_StartWithThePinnedRows()
    {
        // Pinned so a change of algorithm (or of System.Random's seeded sequence) shows up as a failure here,
        // not as silently different demo and benchmark data.
        PseudoOrder[] orders = [.. new PseudoDataGenerator(seed: 42).Orders(3)];

        Assert.Equal(PinnedOrders, orders);
    }

    [Fact]
    public void Orders_EveryRow_IsARealisticTseLimitOrder()
    {
        var generator = new PseudoDataGenerator(seed: 7, accounts: 500, symbols: 40);
        var symbols = new HashSet<int>();
        long expectedSequence = 1;
        foreach (PseudoOrder order in generator.Orders(100_000))
        {
            Assert.Equal(expectedSequence++, order.Sequence);
            Assert.InRange(order.AccountId, 1, 500);
            Assert.InRange(order.SymbolCode, 1301, 9999);
            Assert.Equal(0, order.Quantity % 100);
            Assert.InRange(order.Quantity, 100, 10_000);
            Assert.True(TseTickSize.IsOnTick(order.LimitPriceYen), $"{order.LimitPriceYen} is off the tick grid");
            symbols.Add(order.SymbolCode);
        }

        Assert.Equal(40, symbols.Count);
        Assert.Contains(7203, symbols);
    }

    [Fact]
    public void Trades_PricesOfASymbol_WalkAtMostTwoTicksAStep()
    {
        var last = new Dictionary<int, long>();
        foreach (PseudoTrade trade in new PseudoDataGenerator(seed: 3).Trades(100_000, Monday))
        {
            if (last.TryGetValue(trade.SymbolCode, out long previous))
            {
                long tick = TseTickSize.At(Math.Max(previous, trade.PriceYen));
                Assert.True(Math.Abs(trade.PriceYen - previous) <= 2 * tick, $"{previous} -> {trade.PriceYen}");
            }

            Assert.True(TseTickSize.IsOnTick(trade.PriceYen));
            last[trade.SymbolCode] = trade.PriceYen;
        }
    }

    [Fact]
    public void Trades_Dates_AreWeekdaysFilledPerDayInOrder()
    {
        PseudoTrade[] trades = [.. new PseudoDataGenerator(seed: 5).Trades(25, new DateOnly(2026, 12, 5), perDay: 10)];

        // 5 December 2026 is a Saturday: the first day moves to Monday the 7th.
        Assert.All(trades[..10], t => Assert.Equal(new DateOnly(2026, 12, 7), t.Date));
        Assert.All(trades[10..20], t => Assert.Equal(new DateOnly(2026, 12, 8), t.Date));
        Assert.All(trades[20..], t => Assert.Equal(new DateOnly(2026, 12, 9), t.Date));
    }

    [Fact]
    public void Trades_FridayToNextDay_SkipsTheWeekend()
    {
        PseudoTrade[] trades = [.. new PseudoDataGenerator(seed: 5).Trades(2, new DateOnly(2026, 12, 4), perDay: 1)];

        Assert.Equal(new DateOnly(2026, 12, 7), trades[1].Date);
    }

    [Fact]
    public void Customers_EveryRow_IsInRangeAndEveryRegionAppears()
    {
        var regions = new HashSet<JapanRegion>();
        long expectedId = 1;
        foreach (PseudoCustomer customer in new PseudoDataGenerator(seed: 11).Customers(50_000))
        {
            Assert.Equal(expectedId++, customer.Id);
            Assert.InRange(customer.Age, 20, 89);
            Assert.InRange(customer.BalanceYen, 1_000, 999_900_000);
            Assert.InRange(customer.RiskClass, 1, 5);
            Assert.True(Enum.IsDefined(customer.Region));
            regions.Add(customer.Region);
        }

        Assert.Equal(10, regions.Count);
    }

    [Fact]
    public void Streams_AreLazy_AHugeCountCostsOnlyTheRowsRead()
    {
        var generator = new PseudoDataGenerator(seed: 1);

        Assert.Equal(5, generator.Orders(long.MaxValue).Take(5).Count());
        Assert.Equal(5, generator.Customers(long.MaxValue).Take(5).Count());
        Assert.Equal(5, generator.Trades(long.MaxValue, Monday).Take(5).Count());
    }

    [Fact]
    public void Orders_NegativeCount_ThrowsAtTheCall()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PseudoDataGenerator(seed: 1).Orders(-1));
    }

    private static readonly PseudoOrder[] PinnedOrders =
    [
        new(1, 422, 5762, TradeSide.Sell, 200, 8_880),
        new(2, 258, 7267, TradeSide.Sell, 400, 14_590),
        new(3, 494, 4568, TradeSide.Sell, 100, 9_180),
    ];
}
