using QkdNet.Primitives;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.Quantum.KeyRate;

public sealed class KeyRateModelsTests
{
    private static QkdLink Gys(double km) => LinkPresets.Create("gys", km).Value;

    // Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005): the GYS infinite-decoy rate per pulse, as quoted in the issue.
    [Theory]
    [InlineData(0, 2.5546e-3)]
    [InlineData(50, 2.2260e-4)]
    [InlineData(100, 1.7184e-5)]
    public void InfiniteDecoy_GysPreset_ReproducesPublishedRateWithinHalfPercent(double km, double expected)
    {
        double rate = KeyRateModels.InfiniteDecoy(Gys(km)).SecretKeyRatePerPulse;
        Assert.InRange(rate, expected * 0.995, expected * 1.005);
    }

    [Fact]
    public void InfiniteDecoy_GysPreset_KeyVanishesALittlePast140Km()
    {
        Assert.True(KeyRateModels.InfiniteDecoy(Gys(140)).SecretKeyRatePerPulse > 0);
        Assert.Equal(0, KeyRateModels.InfiniteDecoy(Gys(145)).SecretKeyRatePerPulse);
    }

    [Fact]
    public void InfiniteDecoy_RateInBitsPerSecond_IsRatePerPulseTimesRepetitionRate()
    {
        var estimate = KeyRateModels.InfiniteDecoy(Gys(50));
        Assert.Equal(estimate.SecretKeyRatePerPulse * 2e6, estimate.SecretKeyRateBps, 1e-9);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(100)]
    public void VacuumWeak_StaysBelowInfiniteDecoyButClose(double km)
    {
        double infinite = KeyRateModels.InfiniteDecoy(Gys(km)).SecretKeyRatePerPulse;
        double vacuumWeak = KeyRateModels.VacuumWeakDecoy(Gys(km)).Value.SecretKeyRatePerPulse;
        Assert.True(vacuumWeak < infinite);
        Assert.True(vacuumWeak > 0.7 * infinite, $"vacuum+weak {vacuumWeak} vs infinite {infinite}");
    }

    [Fact]
    public void VacuumWeak_TendsToInfiniteDecoyAsTheDecoyGetsWeaker()
    {
        QkdLink link = Gys(50);
        double infinite = KeyRateModels.InfiniteDecoy(link).SecretKeyRatePerPulse;
        var weak = link with { Source = WeakCoherentSource.Create(0.48, 0.001, 0, 0.8, 0.1, 2e6).Value };
        double rate = KeyRateModels.VacuumWeakDecoy(weak).Value.SecretKeyRatePerPulse;
        Assert.InRange(rate / infinite, 0.98, 1.0);
    }

    [Fact]
    public void VacuumWeak_BoundsBracketTheTrueSinglePhotonValues()
    {
        QkdLink link = Gys(30);
        var truth = KeyRateModels.InfiniteDecoy(link);
        var bound = KeyRateModels.VacuumWeakDecoy(link).Value;
        Assert.True(bound.SinglePhotonYield <= truth.SinglePhotonYield);
        Assert.True(bound.SinglePhotonError >= truth.SinglePhotonError);
    }

    [Fact]
    public void NoDecoy_AtDecoyIntensity_GivesNoKeyAtLongDistance()
    {
        // Without decoys mu = 0.48 is far too bright: multi-photon pulses outnumber detections.
        Assert.Equal(0, KeyRateModels.NoDecoy(Gys(50)).SecretKeyRatePerPulse);
    }

    [Fact]
    public void NoDecoy_AtSmallMu_GivesLessKeyThanDecoys()
    {
        // mu near the transmittance (eta = 0.028 at 10 km) is the no-decoy optimum region.
        QkdLink link = Gys(10) with { Source = WeakCoherentSource.Create(0.02, 0.01, 0, 0.8, 0.1, 2e6).Value };
        double none = KeyRateModels.NoDecoy(link).SecretKeyRatePerPulse;
        Assert.True(none > 0);
        Assert.True(none < KeyRateModels.InfiniteDecoy(Gys(10)).SecretKeyRatePerPulse);
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(0.01, 0.0145)]
    public void PlobBound_IsMinusLog2OneMinusEta(double eta, double expected) =>
        Assert.Equal(expected, KeyRateModels.PlobBound(eta), 3);

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(100)]
    public void EveryModel_StaysBelowThePlobBound(double km)
    {
        QkdLink link = Gys(km);
        double plob = KeyRateModels.PlobBound(link.Channel.Transmittance(TimeSpan.Zero));
        Assert.True(KeyRateModels.InfiniteDecoy(link).SecretKeyRatePerPulse < plob);
    }

    [Fact]
    public void Entropy_Binary_HasKnownValues()
    {
        Assert.Equal(1.0, Entropy.Binary(0.5), 12);
        Assert.Equal(0.0, Entropy.Binary(0));
        Assert.Equal(0.4690, Entropy.Binary(0.1), 4);
    }
}
