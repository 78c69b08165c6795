using System.Runtime.InteropServices;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Tests.Quantum.Simulation;

public sealed class PulseSimulatorTests
{
    private static QkdLink Gys(double km) => LinkPresets.Create("gys", km).Value;

    // Statistical agreement: measured gains and QBERs within 4.5 standard errors of the analytic model.
    [Theory]
    [InlineData(0, 1UL)]
    [InlineData(25, 2UL)]
    [InlineData(50, 3UL)]
    [InlineData(100, 4UL)]
    public void MeasuredGainsAndQbers_AgreeWithAnalyticModel(double km, ulong seed)
    {
        QkdLink link = Gys(km);
        var outcome = PulseSimulator.Seeded(link, seed).Run(km >= 100 ? 2_000_000_000 : 200_000_000);
        foreach (Intensity intensity in new[] { Intensity.Signal, Intensity.Decoy })
        {
            var expected = LinkStatistics.ForIntensity(link, intensity);
            var measured = outcome.For(intensity);
            Assert.InRange(measured.Gain, expected.Gain - (4.5 * measured.GainStandardError), expected.Gain + (4.5 * measured.GainStandardError));
            Assert.InRange(measured.Qber, expected.Qber - (4.5 * measured.QberStandardError), expected.Qber + (4.5 * measured.QberStandardError));
        }
    }

    [Fact]
    public void VacuumPulses_ClickAtTheDarkCountYield()
    {
        QkdLink link = Gys(25);
        var vacuum = PulseSimulator.Seeded(link, 7).Run(500_000_000).For(Intensity.Vacuum);
        double y0 = link.Detector.DarkCountYield;
        Assert.InRange(vacuum.Gain, y0 - (4.5 * vacuum.GainStandardError), y0 + (4.5 * vacuum.GainStandardError));
        Assert.InRange(vacuum.Qber, 0.5 - (4.5 * vacuum.QberStandardError) - 0.01, 0.5 + (4.5 * vacuum.QberStandardError) + 0.01);
    }

    [Fact]
    public void PulseCounts_AddUpToThePulsesEmitted_AndFollowTheIntensityProbabilities()
    {
        var outcome = PulseSimulator.Seeded(Gys(25), 8).Run(100_000_000);
        Assert.Equal(100_000_000, outcome.Alice.PulsesPerIntensity.Sum());
        double signalShare = outcome.Alice.PulsesPerIntensity[0] / 1e8;
        Assert.InRange(signalShare, 0.8 - 2e-4, 0.8 + 2e-4);
    }

    [Fact]
    public void Run_WithTheSameSeed_IsReproducible()
    {
        var a = PulseSimulator.Seeded(Gys(25), 9).Run(10_000_000);
        var b = PulseSimulator.Seeded(Gys(25), 9).Run(10_000_000);
        Assert.Equal(a.Alice.Slots.ToArray(), b.Alice.Slots.ToArray());
        Assert.Equal(a.Alice.Bits, b.Alice.Bits);
        Assert.Equal(a.Bob.Bits, b.Bob.Bits);
    }

    [Fact]
    public void Records_AreAlignedAndOrdered()
    {
        var outcome = PulseSimulator.Seeded(Gys(10), 10).Run(5_000_000);
        Assert.Equal(outcome.Alice.Slots.ToArray(), outcome.Bob.Slots.ToArray());
        Assert.True(outcome.Alice.Count > 1000);
        for (int i = 1; i < outcome.Alice.Count; i++)
        {
            Assert.True(outcome.Alice.Slots.Span[i] > outcome.Alice.Slots.Span[i - 1]);
        }

        Assert.Equal(outcome.Alice.Count, outcome.Alice.Bits.Length);
        Assert.Equal(outcome.Alice.Count, outcome.Bob.Bases.Length);
    }

    [Fact]
    public void SeededRun_IsNeverKeyGrade_CryptographicRunIs()
    {
        Assert.False(PulseSimulator.Seeded(Gys(10), 11).Run(1_000_000).Alice.IsKeyGrade);
        Assert.True(PulseSimulator.KeyGrade(Gys(10)).Run(1_000_000).Alice.IsKeyGrade);
    }

    [Fact]
    public void FullInterceptResend_GivesQberNearQuarterPlusHalfMisalignment()
    {
        QkdLink link = Gys(25);
        var eve = InterceptResend.Create(1).Value;
        var signal = PulseSimulator.Seeded(link, 12, eve).Run(200_000_000).For(Intensity.Signal);
        double expected = 0.25 + (link.Misalignment / 2);
        Assert.InRange(signal.Qber, expected - (4.5 * signal.QberStandardError), expected + (4.5 * signal.QberStandardError));
    }

    [Fact]
    public void PartialInterceptResend_RaisesQberInProportion()
    {
        QkdLink link = Gys(25);
        double honest = PulseSimulator.Seeded(link, 13).Run(100_000_000).For(Intensity.Signal).Qber;
        double half = PulseSimulator.Seeded(link, 13, InterceptResend.Create(0.5).Value).Run(100_000_000).For(Intensity.Signal).Qber;
        Assert.True(half > honest + 0.1, $"honest {honest}, half attacked {half}");
    }

    [Fact]
    public void PhotonNumberSplitting_KeepsSignalGainButStarvesTheDecoy()
    {
        QkdLink link = Gys(50);
        var outcome = PulseSimulator.Seeded(link, 14, new PhotonNumberSplitting()).Run(500_000_000);
        var expectedSignal = LinkStatistics.ForIntensity(link, Intensity.Signal);
        var expectedDecoy = LinkStatistics.ForIntensity(link, Intensity.Decoy);
        var signal = outcome.For(Intensity.Signal);
        Assert.InRange(signal.Gain, expectedSignal.Gain * 0.97, expectedSignal.Gain * 1.03);
        Assert.True(outcome.For(Intensity.Decoy).Gain < 0.5 * expectedDecoy.Gain);

        // Decoy-state estimation from the measured data sees no single-photon yield: no key.
        var (y1, _) = DecoyBounds.VacuumWeak(0.48, 0.05, signal.Gain, outcome.For(Intensity.Decoy).Gain,
            outcome.For(Intensity.Decoy).Qber, outcome.For(Intensity.Vacuum).Gain);
        Assert.True(y1 < 0.2 * KeyRateModels.InfiniteDecoy(link).SinglePhotonYield);
    }

    [Fact]
    public void DeadTime_LowersTheGainAsTheNonParalysableModelPredicts()
    {
        QkdLink link = Gys(0) with { Detector = Detector.Create(0.045, 1.7e-6, deadTimeSeconds: 10e-6).Value };
        var measured = PulseSimulator.Seeded(link, 15).Run(100_000_000).For(Intensity.Signal);
        var expected = LinkStatistics.ForIntensity(link, Intensity.Signal);
        Assert.True(expected.Gain < LinkStatistics.Gain(0.045, 0.48, 1.7e-6) * 0.99);
        Assert.InRange(measured.Gain, expected.Gain * 0.98, expected.Gain * 1.02);
    }

    [Fact]
    public void TimeVaryingFreeSpaceChannel_FollowsItsLossProfile()
    {
        var pass = FreeSpaceChannel.Profile([(TimeSpan.Zero, 40.0), (TimeSpan.FromSeconds(50), 20.0), (TimeSpan.FromSeconds(100), 40.0)]).Value;
        QkdLink link = Gys(0) with { Channel = pass };
        var outcome = PulseSimulator.Seeded(link, 16).Run(200_000_000); // 100 s at 2 MHz
        long early = outcome.Alice.Slots.ToArray().Count(s => s < 20_000_000);
        long middle = outcome.Alice.Slots.ToArray().Count(s => s is >= 90_000_000 and < 110_000_000);
        Assert.True(middle > 5 * early, $"middle {middle}, early {early}");
    }

    [Fact]
    public void SlotStorage_ReusedAcrossRuns_GivesTheSameRecordsAsFreshArraysAndAllocatesNoNewSlots()
    {
        var storage = new SlotStorage();
        SimulationOutcome first = PulseSimulator.Seeded(Gys(10), 40).Run(5_000_000, 0, storage);
        long[] firstSlots = first.Alice.Slots.ToArray();
        SimulationOutcome second = PulseSimulator.Seeded(Gys(10), 41).Run(5_000_000, 5_000_000, storage);
        SimulationOutcome fresh = PulseSimulator.Seeded(Gys(10), 41).Run(5_000_000, 5_000_000);

        Assert.Equal(fresh.Alice.Slots.ToArray(), second.Alice.Slots.ToArray());
        Assert.Equal(fresh.Bob.Bits, second.Bob.Bits);
        Assert.True(second.Alice.Slots.Span[0] >= 5_000_000);
        Assert.True(MemoryMarshal.TryGetArray(first.Alice.Slots, out ArraySegment<long> a) & MemoryMarshal.TryGetArray(second.Alice.Slots, out ArraySegment<long> b));
        Assert.Same(a.Array, b.Array);
        Assert.NotEqual(firstSlots[0], second.Alice.Slots.Span[0]);
    }
}
