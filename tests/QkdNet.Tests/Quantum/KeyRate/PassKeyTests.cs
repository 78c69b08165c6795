using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Tests.Quantum.KeyRate;

public sealed class PassKeyTests
{
    private static SatelliteDownlink Downlink => SatelliteDownlink.Fit(500, (645, 22), (1200, 35)).Value;

    private static SatellitePass Micius => SatellitePass.Create(Downlink, 645, 1200).Value;

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

    [Fact]
    public void PassKey_StepTooSmall_FailsInsteadOfLoopingForever()
    {
        var r = PassKey.Compute(LinkPresets.Create("micius-2017", 645).Value, Micius, FiniteKeyParameters.Create(1).Value, TimeSpan.FromTicks(1));
        Assert.Contains("at most 1000000 steps", r.Error);
    }
}
