using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.Quantum.Physics.Presets;

public sealed class LinkPresetsTests
{
    [Fact]
    public void Names_ListGysFirstThenThePublishedSystems()
    {
        Assert.Equal(["gys", "tokyo-2011", "toshiba-2018", "boaron-2018", "micius-2017"], LinkPresets.Names);
    }

    [Theory]
    [InlineData("TOKYO-2011")]
    [InlineData("Micius-2017")]
    public void Find_IgnoresCase(string name) => Assert.True(LinkPresets.Find(name).IsSuccess);

    [Fact]
    public void Create_UnknownName_FailsListingEveryPreset()
    {
        var r = LinkPresets.Create("gyz", 10);
        Assert.Equal("unknown preset 'gyz'; known presets: gys, tokyo-2011, toshiba-2018, boaron-2018, micius-2017.", r.Error);
    }

    [Fact]
    public void EveryPreset_HasACitationAndSummary()
    {
        Assert.All(LinkPresets.All, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Citation));
            Assert.False(string.IsNullOrWhiteSpace(p.Summary));
        });
    }

    [Fact]
    public void Gys_IsUnchanged_MaEtAl2005TableI()
    {
        QkdLink gys = LinkPresets.Create("gys", 50).Value;
        Assert.Equal(2e6, gys.Source.RepetitionRateHz);
        Assert.Equal(0.045, gys.Detector.Efficiency);
        Assert.Equal(10.5, ((FibreChannel)gys.Channel).LossDb, 9);
    }

    [Fact]
    public void Tokyo2011_AtAnyDistance_KeepsThePapersLossPerKm()
    {
        var link = (FibreChannel)LinkPresets.Create("tokyo-2011", 20).Value.Channel;
        Assert.Equal(14.5 / 45, link.LossDbPerKm, 12);
    }

    [Fact]
    public void Micius2017_BelowTheOrbitAltitude_FailsNamingTheValidRange()
    {
        var r = LinkPresets.Create("micius-2017", 100);
        Assert.False(r.IsSuccess);
        Assert.Contains("500 km", r.Error);
    }

    [Fact]
    public void Micius2017_AtTheReportedRanges_HasTheReportedLosses()
    {
        Assert.Equal(22, ((FreeSpaceChannel)LinkPresets.Create("micius-2017", 645).Value.Channel).LossDb(TimeSpan.Zero), 9);
        Assert.Equal(35, ((FreeSpaceChannel)LinkPresets.Create("micius-2017", 1200).Value.Channel).LossDb(TimeSpan.Zero), 9);
    }

    [Theory]
    [InlineData("tokyo-2011", 30, 80)]
    [InlineData("toshiba-2018", 10, 100)]
    [InlineData("boaron-2018", 100, 400)]
    [InlineData("micius-2017", 645, 1200)]
    public void EveryPreset_KeyRateFallsWithDistance(string name, double nearKm, double farKm)
    {
        double near = KeyRateModels.VacuumWeakDecoy(LinkPresets.Create(name, nearKm).Value).Value.SecretKeyRateBps;
        double far = KeyRateModels.VacuumWeakDecoy(LinkPresets.Create(name, farKm).Value).Value.SecretKeyRateBps;
        Assert.True(near > far && far > 0, $"{name}: {near} bit/s at {nearKm} km, {far} bit/s at {farKm} km");
    }
}
