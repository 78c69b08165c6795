using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.Quantum.KeyRate;

public sealed class OneDecoyFiniteKeyBoundTests
{
    // Two intensities, no vacuum pulses: the 1-decoy protocol of Rusca et al. 2018.
    private static readonly WeakCoherentSource OneDecoy = WeakCoherentSource.Create(0.5, 0.15, 0, 0.7, 0.3, 2.5e9).Value;

    private static QkdLink Link(double km) => LinkPresets.Create("boaron-2018", km).Value with { Source = OneDecoy };

    private static FiniteKeyEstimate Estimate(double km, double block, double pZ = 0.8) =>
        OneDecoyFiniteKeyBound.Compute(Link(km), FiniteKeyParameters.Create(block, keyBasisProbability: pZ).Value).Value;

    [Fact]
    public void Rate_GrowsWithBlockSize()
    {
        double[] blocks = [1e5, 1e6, 1e7, 1e8, 1e10];
        double[] rates = [.. blocks.Select(b => Estimate(100, b).SecretKeyRatePerPulse)];
        for (int i = 1; i < rates.Length; i++)
        {
            Assert.True(rates[i] > rates[i - 1], $"rate at {blocks[i]} ({rates[i]}) not above rate at {blocks[i - 1]} ({rates[i - 1]})");
        }
    }

    [Fact]
    public void SmallBlock_AtLongDistance_GivesNoKey() => Assert.Equal(0, Estimate(400, 1e3).SecretKeyBits);

    [Fact]
    public void SinglePhotonEvents_AreFewerThanTheKeyBasisDetections_AndThePhaseErrorIsAboveTheChannelError()
    {
        FiniteKeyEstimate e = Estimate(100, 1e7);
        Assert.InRange(e.SinglePhotonEvents, 0.1 * e.BlockBits, e.BlockBits);
        Assert.True(e.PhaseError > e.Qber, $"phase error {e.PhaseError} should exceed the QBER {e.Qber} at a finite block");
        Assert.True(e.SecretKeyBits < e.BlockBits);
    }

    [Fact]
    public void Source_WithVacuumPulses_IsRejected()
    {
        var result = OneDecoyFiniteKeyBound.Compute(LinkPresets.Create("boaron-2018", 100).Value, FiniteKeyParameters.Create(1e6).Value);
        Assert.False(result.IsSuccess);
        Assert.Contains("1-decoy", result.Error);
    }
}
