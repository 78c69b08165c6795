using System.Runtime.InteropServices;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Engine;
using QkdNet.Services.Statistics.Field;
using static QkdNet.Tests.Services.Statistics.StatisticsFixture;

namespace QkdNet.Tests.Services.Statistics;

/// <summary>
/// What a party receives must not depend on the records beyond the answer. Two tables differ in one record (age 50 vs
/// 70 and another balance, both matching the filter, so the answer is the same); party 0's view (every field element
/// it receives, in order) is recorded over independent runs of each, and each position's two samples are compared.
/// </summary>
public sealed class PartyViewTests
{
    private const int Runs = 30;

    [Fact]
    public async Task APartysView_OnTablesDifferingInOneRecord_IsIdenticallyDistributed()
    {
        Dictionary<string, long[]> first = Customers(40), second = Customers(40);
        second["age"] = (long[])first["age"].Clone();
        second["balance"] = (long[])first["balance"].Clone();
        first["age"][7] = 50;
        second["age"][7] = 70;
        second["balance"][7] = first["balance"][7] + 123_456;
        const string Query = "count(), sum(risk) by region where age > 40";

        double[][] viewsFirst = await Views(first, Query, seedBase: 1);
        double[][] viewsSecond = await Views(second, Query, seedBase: 1_000);

        Assert.All(viewsSecond, v => Assert.Equal(viewsFirst[0].Length, v.Length));
        double worst = 0;
        int worstPosition = -1;
        for (int j = 0; j < viewsFirst[0].Length; j++)
        {
            double z = Welch(viewsFirst.Select(v => v[j]).ToArray(), viewsSecond.Select(v => v[j]).ToArray());
            if (z > worst)
            {
                (worst, worstPosition) = (z, j);
            }
        }

        // Thousands of positions, 30 runs a side: under independence the largest |z| stays near 4 to 5.
        Assert.True(worst < 7, $"position {worstPosition} of {viewsFirst[0].Length} differs between the tables (|z| = {worst:F1}).");
    }

    private static async Task<double[][]> Views(Dictionary<string, long[]> columns, string query, ulong seedBase)
    {
        var views = new double[Runs][];
        for (int run = 0; run < Runs; run++)
        {
            var received = new List<byte[]>[3] { [], [], [] };
            var parties = new InProcessParties
            {
                Parties = 3,
                Threshold = 1,
                Seed = seedBase + (ulong)run,
                Tap = (from, to, payload) =>
                {
                    if (to == 0)
                    {
                        lock (received)
                        {
                            received[from].Add(payload);
                        }
                    }

                    return payload;
                },
            };
            SharedTable[] tables = Share(CustomersDataset.Schema, columns, seed: (seedBase * 7919) + (ulong)run);
            var outcome = await InProcessStatistics.RunAsync(parties, tables, query);
            Assert.True(outcome.Answer.IsSuccess, outcome.Answer.Error);
            views[run] = received.SelectMany(list => list).SelectMany(m => MemoryMarshal.Cast<byte, ulong>(m).ToArray()).Select(v => v / (double)Fp61.P).ToArray();
        }

        return views;
    }

    private static double Welch(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double va = a.Sum(x => (x - ma) * (x - ma)) / (a.Length - 1), vb = b.Sum(x => (x - mb) * (x - mb)) / (b.Length - 1);
        double se = Math.Sqrt((va / a.Length) + (vb / b.Length));
        return se == 0 ? (ma == mb ? 0 : double.PositiveInfinity) : Math.Abs(ma - mb) / se;
    }
}
