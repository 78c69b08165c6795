using QkdNet.Quantum.KeyRate;
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
        // A known miss, kept visible (docs/link-presets.md): over the 16 km (2.7 dB) from 405 km the paper's
        // rate falls 26 times, the asymptotic model's only by the transmittance ratio (about 2). The paper's
        // 421 km rate is set by the block its acquisition collected there, which the sources at hand do not give.
        Reproduction r = Reproduce("boaron-2018", 421);
        Assert.True(r.Model > 0);
        Assert.True(r.RelativeError > 0.2, $"the 421 km point now agrees ({r.RelativeError:P0}): update docs/link-presets.md and this test.");
        double modelDrop = Reproduce("boaron-2018", 405).Model / r.Model;
        Assert.InRange(modelDrop, 1.8, 2.2);
    }

    [Fact]
    public void Boaron2018_OneDecoyFiniteKeyAt421Km_SpansThePapersRateAsTheAcquisitionGrowsFrom6To24Hours()
    {
        // The paper's own protocol class (one decoy, Rusca et al. 2018) with the preset's inferred devices:
        // at 421 km a 6 h acquisition makes no key and a 24 h one makes several times 0.25 bit/s. The
        // reported rate lies between, so it hinges on the acquisition time at 421 km (not in the sources
        // at hand); mu1 0.5, mu2 0.15, p_mu1 0.7, p_Z 0.8 are inferred, not the paper's.
        Assert.Equal(0, OneDecoyRateBps(421, TimeSpan.FromHours(6)));
        double day = OneDecoyRateBps(421, TimeSpan.FromHours(24));
        Assert.InRange(day, 2 * 0.25, 10 * 0.25);
        Assert.True(OneDecoyRateBps(405, TimeSpan.FromHours(24)) > 2 * day);
    }

    [Fact]
    public void Boaron2018_LimTwoDecoyFiniteKeyWithThePresetsInferredSettings_MakesNoKeyAt405KmEvenIn96Hours()
    {
        // Why the preset cannot simply switch to the library's earlier finite-key bound (Lim et al. 2014):
        // with p_vacuum = p_nu = 0.05 and symmetric bases the decoy counts are too few even after 96 h.
        QkdLink link = LinkPresets.Create("boaron-2018", 405).Value;
        double block = TimeSpan.FromHours(96).TotalSeconds * link.Source.RepetitionRateHz * 0.25 *
            LinkStatistics.MeanClickProbability(link, link.OverallTransmittance(TimeSpan.Zero));
        Assert.Equal(0, FiniteKeyBound.Compute(link, FiniteKeyParameters.Create(block).Value).Value.SecretKeyBits);
    }

    private static double OneDecoyRateBps(double km, TimeSpan acquisition)
    {
        const double pZ = 0.8;
        QkdLink link = LinkPresets.Create("boaron-2018", km).Value with
        {
            Source = WeakCoherentSource.Create(0.5, 0.15, 0, 0.7, 0.3, 2.5e9).Value,
        };
        double eta = link.OverallTransmittance(TimeSpan.Zero);
        double zPerPulse = pZ * pZ * ((0.7 * LinkStatistics.Gain(eta, 0.5, link.Detector.DarkCountYield)) +
            (0.3 * LinkStatistics.Gain(eta, 0.15, link.Detector.DarkCountYield)));
        double block = acquisition.TotalSeconds * link.Source.RepetitionRateHz * zPerPulse;
        return OneDecoyFiniteKeyBound.Compute(link, FiniteKeyParameters.Create(block, keyBasisProbability: pZ).Value).Value.SecretKeyRateBps;
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
