using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.Quantum.Physics;

public sealed class SatellitePassTests
{
    private static SatelliteDownlink Downlink => SatelliteDownlink.Fit(500, (645, 22), (1200, 35)).Value;

    private static SatellitePass Micius => SatellitePass.Create(Downlink, 645, 1200).Value;

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
}
