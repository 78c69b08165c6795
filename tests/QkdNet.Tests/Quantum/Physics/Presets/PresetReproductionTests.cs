using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Physics.Presets;

namespace QkdNet.Tests.Quantum.Physics.Presets;

public sealed class PresetReproductionTests
{
    private static Reproduction Reproduce(string preset, double distanceKm) =>
        PresetReproduction.Evaluate(LinkPresets.Find(preset).Value).Single(r => r.Reported.DistanceKm == distanceKm);

    [Fact]
    public void Tokyo2011_At45KmAnd14Point5Db_ReproducesThe304KbitPerSecondOfSasaki2011Within20Percent()
    {
        Reproduction r = Reproduce("tokyo-2011", 45);
        Assert.Equal(304e3, r.Reported.Value);
        Assert.Equal(14.5, ((FibreChannel)LinkPresets.Create("tokyo-2011", 45).Value.Channel).LossDb, 9);
        Assert.InRange(r.RelativeError, -0.2, 0.2);
    }

    [Fact]
    public void Toshiba2018_At2Db_ReproducesThe13Point72MbitPerSecondOfYuan2018Within20Percent()
    {
        Reproduction r = Reproduce("toshiba-2018", 10);
        Assert.Equal(2, ((FibreChannel)LinkPresets.Create("toshiba-2018", 10).Value.Channel).LossDb, 9);
        Assert.Equal(13.72e6, r.Reported.Value);
        Assert.InRange(r.RelativeError, -0.2, 0.2);
    }

    [Fact]
    public void Boaron2018_At405Km_ReproducesThe6Point5BitPerSecondOfBoaron2018Within20Percent()
    {
        Reproduction r = Reproduce("boaron-2018", 405);
        Assert.Equal(6.5, r.Reported.Value);
        Assert.InRange(r.RelativeError, -0.2, 0.2);
    }

    [Fact]
    public void Boaron2018_At421Km_StillMakesKeyButOverestimatesThePapersFiniteSizeLimitedRate()
    {
        // A known miss, kept visible: the paper's 0.25 bit/s at 421 km is limited by the finite-size
        // statistics of its acquisition, which the asymptotic model does not have (docs/link-presets.md).
        Reproduction r = Reproduce("boaron-2018", 421);
        Assert.True(r.Model > 0);
        Assert.True(r.RelativeError > 0.2, $"the 421 km point now agrees ({r.RelativeError:P0}): update docs/link-presets.md and this test.");
    }

    [Fact]
    public void Micius2017_OnePass_ReproducesThe300939BitKeyOfLiao2017Within20Percent()
    {
        Reproduction r = Reproduce("micius-2017", 1200);
        Assert.Equal(300_939, r.Reported.Value);
        Assert.InRange(r.RelativeError, -0.2, 0.2);
    }

    [Fact]
    public void EveryPreset_ExceptTheDocumentedBoaron421KmPoint_IsWithin20PercentOfEveryReportedResult()
    {
        var misses = LinkPresets.All
            .SelectMany(p => PresetReproduction.Evaluate(p).Select(r => (p.Name, r)))
            .Where(x => !(x.Name == "boaron-2018" && x.r.Reported.DistanceKm == 421))
            .Where(x => Math.Abs(x.r.RelativeError) > 0.2)
            .Select(x => $"{x.Name} at {x.r.Reported.DistanceKm} km: {x.r.RelativeError:P1}")
            .ToList();
        Assert.Empty(misses);
    }
}
