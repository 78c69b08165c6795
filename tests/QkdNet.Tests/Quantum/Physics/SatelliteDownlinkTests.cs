using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.Quantum.Physics;

public sealed class SatelliteDownlinkTests
{
    private static SatelliteDownlink Downlink => SatelliteDownlink.Fit(500, (645, 22), (1200, 35)).Value;

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
}
