using QkdNet.PostProcessing.Pipeline;
using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.PostProcessing.Pipeline;

public sealed class SiftingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void PackIntensities_MatchesOneBitPerDetectionForEveryLength(int count)
    {
        var rng = new Random(count + 7);
        Intensity[] intensities = [.. Enumerable.Range(0, count).Select(_ => (Intensity)rng.Next(3))];

        var (low, high) = Sifting.PackIntensities(intensities);

        Assert.Equal(count, low.Length);
        Assert.Equal(count, high.Length);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(intensities[i] == Intensity.Decoy, low[i]);
            Assert.Equal(intensities[i] == Intensity.Vacuum, high[i]);
        }
    }
}
