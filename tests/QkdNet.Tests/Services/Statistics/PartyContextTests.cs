using QkdNet.Services.Statistics.Engine;
using QkdNet.Services.Statistics.Field;
using QkdNet.Services.Statistics.Protocol;
using QkdNet.Services.Statistics.Randomness;

namespace QkdNet.Tests.Services.Statistics;

public sealed class PartyContextTests
{
    private static ulong[][] ShareColumn(long[] values, int parties, int threshold, ulong seed) =>
        FpShamir.Share(values.Select(Fp61.FromSigned).ToArray(), threshold, parties, SeededShareRandomness.Create(seed));

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    public async Task Multiply_ThenOpen_GivesTheProducts(int parties, int threshold)
    {
        long[] a = [0, 1, -5, 1_000_000, 123_456];
        long[] b = [7, -1, -5, 1_000_000, 2];
        ulong[][] sa = ShareColumn(a, parties, threshold, 1), sb = ShareColumn(b, parties, threshold, 2);
        var run = new InProcessParties { Parties = parties, Threshold = threshold, Seed = 3 };
        ulong[]?[] opened = await run.RunAsync(async c =>
        {
            ulong[] product = await c.MultiplyAsync(sa[c.Self], sb[c.Self]);
            return await c.OpenAsync(product, threshold);
        });
        foreach (ulong[]? result in opened)
        {
            Assert.Equal(a.Zip(b, (x, y) => x * y).ToArray(), result!.Select(Fp61.ToSigned).ToArray());
        }
    }

    [Fact]
    public async Task PrssRandomAndZero_OpenToConsistentValues()
    {
        var run = new InProcessParties { Parties = 4, Threshold = 1, Seed = 9 };
        var opened = await run.RunAsync(async c =>
        {
            ulong[] zeros = await c.OpenProductsAsync(new ulong[16]);
            ulong[] random = await c.OpenAsync(c.Prss.Random(16), c.Threshold);
            return (zeros, random);
        });
        Assert.All(opened, o => Assert.All(o.zeros, z => Assert.Equal(0UL, z)));
        Assert.Equal(opened[0].random, opened[3].random);
        Assert.Equal(16, opened[0].random.Distinct().Count());
    }

    [Fact]
    public async Task RandomBits_AreBitsAndBothValuesOccur()
    {
        var run = new InProcessParties { Parties = 3, Threshold = 1, Seed = 4 };
        var opened = await run.RunAsync(async c => await c.OpenAsync(await c.RandomBitsAsync(400), 1));
        Assert.All(opened[0]!, bit => Assert.True(bit <= 1));
        Assert.InRange(opened[0]!.Count(bit => bit == 1), 150, 250);
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(22, 1)]
    [InlineData(8, 800)] // enough rows for the round-per-bit prefix of BitLT instead of the log-depth one
    [InlineData(22, 400)]
    public async Task LessThanZero_AtTheEdgesOfTheRange_IsExact(int bits, int repeats)
    {
        long half = 1L << (bits - 1);
        long[] edges = [-half, -half + 1, -2, -1, 0, 1, 2, half - 2, half - 1, 0, -1, 17 % half, -(17 % half)];
        long[] values = [.. Enumerable.Repeat(edges, repeats).SelectMany(v => v)];
        ulong[][] shares = ShareColumn(values, 3, 1, 5);
        var run = new InProcessParties { Parties = 3, Threshold = 1, Seed = 6 };
        var opened = await run.RunAsync(async c => await c.OpenAsync(await c.LessThanZeroAsync(shares[c.Self], bits), 1));
        Assert.Equal(values.Select(v => v < 0 ? 1UL : 0UL).ToArray(), opened[1]);
    }

    [Fact]
    public async Task LessThanZero_FewRows_TakesLogarithmicRounds_ManyRowsOneRoundPerBit()
    {
        const int Bits = 22;
        var run = new InProcessParties { Parties = 3, Threshold = 1, Seed = 6 };
        int[] few = await run.RunAsync(async c => { await c.LessThanZeroAsync(new ulong[10], Bits); return c.Rounds; });
        int[] many = await run.RunAsync(async c => { await c.LessThanZeroAsync(new ulong[10_000], Bits); return c.Rounds; });

        // 1 (random bits) + 1 (masked opening) + BitLT on m = 21 bits: ceil(log2 21) = 5 rounds, or m - 1 = 20.
        Assert.Equal(2 + 5, few[0]);
        Assert.Equal(2 + 20, many[0]);
    }

    [Fact]
    public void CheckParameters_TooFewPartiesUp_NamesTheNeed()
    {
        string? problem = PartyContext.CheckParameters(3, 1, [0, 2]);
        Assert.Contains("2t + 1 = 3", problem);
    }
}
