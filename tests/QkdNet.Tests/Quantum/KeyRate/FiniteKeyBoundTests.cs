using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.Quantum.KeyRate;

public sealed class FiniteKeyBoundTests
{
    private static QkdLink Gys(double km) => LinkPresets.Create("gys", km).Value;

    private static double Rate(double km, double block) =>
        FiniteKeyBound.Compute(Gys(km), FiniteKeyParameters.Create(block).Value).Value.SecretKeyRatePerPulse;

    [Fact]
    public void Rate_GrowsWithBlockSize()
    {
        double[] blocks = [1e7, 1e8, 1e9, 1e10, 1e12];
        double[] rates = [.. blocks.Select(b => Rate(25, b))];
        for (int i = 1; i < rates.Length; i++)
        {
            Assert.True(rates[i] > rates[i - 1], $"rate at {blocks[i]} ({rates[i]}) not above rate at {blocks[i - 1]} ({rates[i - 1]})");
        }
    }

    [Fact]
    public void Rate_ApproachesItsAsymptoticLimitForHugeBlocks()
    {
        var link = Gys(25);
        double asymptotic = FiniteKeyBound.Compute(link, FiniteKeyParameters.Create(1e6).Value, withFluctuations: false).Value.SecretKeyRatePerPulse;
        double huge = FiniteKeyBound.Compute(link, FiniteKeyParameters.Create(1e15).Value).Value.SecretKeyRatePerPulse;
        Assert.InRange(huge / asymptotic, 0.97, 1.0);
    }

    [Fact]
    public void SmallBlock_AtLongDistance_GivesNoKey() => Assert.Equal(0, Rate(120, 1e4));

    [Fact]
    public void AsymptoticLimit_OfSymmetricBases_IsBelowVacuumWeakGllp()
    {
        // The Lim et al. key comes from the X basis only (p_X^2 = 1/4 of pulses) against q = 1/2 in GLLP.
        var link = Gys(25);
        double lim = FiniteKeyBound.Compute(link, FiniteKeyParameters.Create(1e6).Value, withFluctuations: false).Value.SecretKeyRatePerPulse;
        double gllp = KeyRateModels.VacuumWeakDecoy(link).Value.SecretKeyRatePerPulse;
        Assert.True(lim < gllp);
        Assert.True(lim > 0.3 * gllp);
    }

    [Fact]
    public void Compute_WithoutAVacuumDecoyProbability_FailsWithReason()
    {
        var link = Gys(25) with { Source = WeakCoherentSource.Create(0.48, 0.05, 0, 0.9, 0.1, 2e6).Value };
        var result = FiniteKeyBound.Compute(link, FiniteKeyParameters.Create(1e6).Value);
        Assert.False(result.IsSuccess);
        Assert.Contains("intensities", result.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void Parameters_RejectBadBlockSize(double block) => Assert.False(FiniteKeyParameters.Create(block).IsSuccess);
}
