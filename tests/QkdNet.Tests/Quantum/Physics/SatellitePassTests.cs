using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.Quantum.Physics;

public sealed class SatellitePassTests
{
    private static SatelliteDownlink Downlink => SatelliteDownlink.Fit(500, (645, 22), (1200, 35)).Value;

    private static SatellitePass Micius => SatellitePass.Create(Downlink, 645, 1200).Value;

    [Fact]
    public void Elevation_AtTheOrbitAltitude_IsZenith()
    {
        Assert.Equal(90, Downlink.ElevationDegrees(500), 6);
    }

    [Fact]
    public void Elevation_AtTheHorizonRange_IsZero()
    {
        Assert.Equal(0, Downlink.ElevationDegrees(Downlink.HorizonRangeKm - 1e-9), 3);
    }

    [Fact]
    public void Fit_PassesThroughBothPoints()
    {
        Assert.Equal(22, Downlink.LossDb(645).Value, 9);
        Assert.Equal(35, Downlink.LossDb(1200).Value, 9);
    }

    [Fact]
    public void Fit_PointsRisingOnlyByDiffraction_GiveNoAtmosphericTerm()
    {
        double diffraction = 20 * Math.Log10(1200.0 / 645);
        var d = SatelliteDownlink.Fit(500, (645, 22), (1200, 22 + diffraction)).Value;
        Assert.Equal(0, d.ZenithAtmosphereLossDb, 9);
    }

    [Fact]
    public void Fit_LossRisingSlowerThanDiffraction_FailsSayingSo()
    {
        var r = SatelliteDownlink.Fit(500, (645, 22), (1200, 23));
        Assert.Contains("less than diffraction alone", r.Error);
    }

    [Fact]
    public void LossDb_BeyondTheHorizon_Fails()
    {
        Assert.False(Downlink.LossDb(5000).IsSuccess);
    }

    [Fact]
    public void Pass_500KmOrbit_LastsAbout276Seconds_AsKeplerAndTheGeometryGive()
    {
        // omega = sqrt(GM / r^3) = 1.1085e-3 rad/s at r = 6871 km; cos(omega t) = cos(gamma_1200) / cos(gamma_645)
        // gives t = 138.2 s either side of closest approach. Liao et al. 2017 report a 273 s data set.
        Assert.Equal(1.1085e-3, Micius.AngularRateRadPerSecond, 7);
        Assert.InRange(Micius.Duration.TotalSeconds, 275, 278);
    }

    [Fact]
    public void Pass_RangeIsLongestAtTheEndsAndShortestHalfWay()
    {
        TimeSpan half = Micius.Duration / 2;
        Assert.Equal(1200, Micius.RangeKm(TimeSpan.Zero), 6);
        Assert.Equal(645, Micius.RangeKm(half), 6);
        Assert.Equal(1200, Micius.RangeKm(Micius.Duration), 6);
        Assert.Equal(Micius.RangeKm(half - TimeSpan.FromSeconds(60)), Micius.RangeKm(half + TimeSpan.FromSeconds(60)), 6);
    }

    [Fact]
    public void Channel_FollowsTheLossOfThePass()
    {
        FreeSpaceChannel channel = Micius.Channel(TimeSpan.FromSeconds(1));
        Assert.Equal(35, channel.LossDb(TimeSpan.Zero), 6);
        Assert.Equal(22, channel.LossDb(Micius.Duration / 2), 2);
        Assert.True(channel.LossDb(TimeSpan.FromSeconds(60)) > channel.LossDb(TimeSpan.FromSeconds(100)));
    }

    [Fact]
    public void Create_ClosestRangeBelowTheOrbit_Fails()
    {
        Assert.False(SatellitePass.Create(Downlink, 400, 1200).IsSuccess);
    }

    [Fact]
    public void PassKey_GrowsWhenThePassComesCloser()
    {
        QkdLink device = LinkPresets.Create("micius-2017", 645).Value;
        var parameters = FiniteKeyParameters.Create(1).Value;
        double far = PassKey.Compute(device, SatellitePass.Create(Downlink, 800, 1200).Value, parameters, TimeSpan.FromSeconds(1)).Value.SecretKeyBits;
        double near = PassKey.Compute(device, Micius, parameters, TimeSpan.FromSeconds(1)).Value.SecretKeyBits;
        Assert.True(near > far && far > 0, $"near pass {near} bits, far pass {far} bits");
    }

    [Fact]
    public void PassKey_SiftedBitsMatchTheReportedSiftedRateClass()
    {
        // Liao et al. 2017: sifted key rate ~12 kbit/s at 645 km falling to ~1 kbit/s at 1,200 km over one pass.
        PassKeyEstimate key = PassKey.Compute(LinkPresets.Create("micius-2017", 645).Value, Micius,
            FiniteKeyParameters.Create(1).Value, TimeSpan.FromSeconds(1)).Value;
        Assert.InRange(key.SiftedBits / key.Duration.TotalSeconds, 1e3, 12e3);
        Assert.InRange(key.Qber, 0.005, 0.03);
    }
}
