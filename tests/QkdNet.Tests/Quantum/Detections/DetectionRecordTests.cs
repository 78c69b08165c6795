using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Primitives;
using QkdNet.Quantum.Detections;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;
using QkdNet.Tests.PostProcessing.Pipeline;

namespace QkdNet.Tests.Quantum.Detections;

/// <summary>
/// Issue 16, §2: the detection records are the quantum layer's device-neutral input to distillation. A device
/// adapter builds them from what a transmitter and a receiver export (plain arrays), checked on the way in.
/// </summary>
public sealed class DetectionRecordTests
{
    private static readonly long[] ThreeSlots = [3, 9, 40];

    [Fact]
    public async Task RecordsBuiltFromADevicesPlainExport_DistilToTheSameKeyAtBothEnds()
    {
        // A stand-in for a device's export: the simulator's detections flattened to the plain per-detection arrays
        // (slot, bit, basis, intensity) a transmitter and a receiver would log, then rebuilt with the public
        // constructors only, the way a device adapter does.
        QkdLink link = LinkPresets.Create("gys", 25).Value;
        SimulationOutcome simulated = PulseSimulator.Seeded(link, 31).Run(100_000_000);
        DeviceExport transmitter = DeviceExport.Of(simulated.Alice.Slots, simulated.Alice.Bits, simulated.Alice.Bases);
        DeviceExport receiver = DeviceExport.Of(simulated.Bob.Slots, simulated.Bob.Bits, simulated.Bob.Bases);
        byte[] intensities = [.. simulated.Alice.Intensities.Select(i => (byte)i)];

        var alice = new AliceDetectionRecord(transmitter.Slots, BitString.FromBytes(transmitter.Bits, transmitter.Slots.Length),
            BitString.FromBytes(transmitter.Bases, transmitter.Slots.Length), [.. intensities.Select(b => (Intensity)b)],
            [.. simulated.Alice.PulsesPerIntensity], keyGrade: false);
        var bob = new BobDetectionRecord(receiver.Slots, BitString.FromBytes(receiver.Bits, receiver.Slots.Length),
            BitString.FromBytes(receiver.Bases, receiver.Slots.Length), simulated.Bob.DoubleClicks, keyGrade: false);

        PostProcessingOptions options = PipelineHarness.Options(link);
        var (toBob, toAlice) = InMemoryClassicalChannel.CreatePair();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<BlockOutcome> aliceEnd = new AliceEngine(options).RunAsync(alice, toBob, timeout.Token);
        Task<BlockOutcome> bobEnd = new BobEngine(options).RunAsync(bob, toAlice, timeout.Token);
        BlockOutcome a = await aliceEnd, b = await bobEnd;

        Assert.Equal(BlockOutcomeKind.Key, b.Report.Outcome);
        Assert.NotNull(a.Block);
        Assert.NotNull(b.Block);
        Assert.True(a.Block.Key.Length > 1000);
        Assert.Equal(a.Block.Key, b.Block.Key);
    }

    [Fact]
    public void Slots_NotStrictlyIncreasing_AreRefusedNamingTheDetection()
    {
        var e = Assert.Throws<ArgumentException>(() => new BobDetectionRecord(new long[] { 3, 9, 9 }, Bits(3), Bits(3), 0, false));

        Assert.Equal("slots", e.ParamName);
        Assert.Contains("detection 2", e.Message);
    }

    [Fact]
    public void NegativeSlot_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new BobDetectionRecord(new long[] { -4, 9 }, Bits(2), Bits(2), 0, false));

        Assert.Contains("negative", e.Message);
    }

    [Fact]
    public void BitsOfAnotherLength_AreRefusedNamingThePart()
    {
        var e = Assert.Throws<ArgumentException>(() => new AliceDetectionRecord(ThreeSlots, Bits(3), Bits(2), Signal(3), [10, 0, 0], false));

        Assert.Equal("bases", e.ParamName);
        Assert.Contains("2 bits for 3 detections", e.Message);
    }

    [Fact]
    public void MoreDetectionsThanPulsesOfAnIntensity_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new AliceDetectionRecord(ThreeSlots, Bits(3), Bits(3), Signal(3), [2, 0, 0], false));

        Assert.Equal("pulsesPerIntensity", e.ParamName);
        Assert.Contains("3 detections of intensity Signal", e.Message);
    }

    [Fact]
    public void PulseCountsForTheWrongNumberOfIntensities_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new AliceDetectionRecord(ThreeSlots, Bits(3), Bits(3), Signal(3), [10, 0], false));
    }

    [Fact]
    public void UnknownIntensity_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new AliceDetectionRecord(ThreeSlots, Bits(3), Bits(3), [Intensity.Signal, (Intensity)7, Intensity.Signal], [10, 0, 0], false));
    }

    [Fact]
    public void MoreDoubleClicksThanDetections_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new BobDetectionRecord(ThreeSlots, Bits(3), Bits(3), 4, false));
    }

    [Fact]
    public void ToString_ShowsCountsAndNoBits()
    {
        var record = new AliceDetectionRecord(ThreeSlots, BitString.FromBytes([0b101], 3), Bits(3), Signal(3), [10, 0, 0], true);

        Assert.Equal("AliceDetectionRecord(3 detections, key-grade True)", record.ToString());
    }

    private static BitString Bits(int n) => BitString.FromBytes(new byte[(n + 7) / 8], n);

    private static Intensity[] Signal(int n) => Enumerable.Repeat(Intensity.Signal, n).ToArray();

    /// <summary>One side's log as plain arrays: slots, and bits and bases packed eight to a byte.</summary>
    private sealed record DeviceExport(long[] Slots, byte[] Bits, byte[] Bases)
    {
        public static DeviceExport Of(ReadOnlyMemory<long> slots, BitString bits, BitString bases) => new(slots.ToArray(), Pack(bits), Pack(bases));

        private static byte[] Pack(BitString bits)
        {
            var bytes = new byte[(bits.Length + 7) / 8];
            for (int i = 0; i < bits.Length; i++)
            {
                if (bits[i])
                {
                    bytes[i >> 3] |= (byte)(1 << (i & 7));
                }
            }

            return bytes;
        }
    }
}
