using Microsoft.Extensions.Logging.Abstractions;
using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;
using QkdNet.Node.Links;
using QkdNet.Node.Tests.Support;
using QkdNet.Quantum;
using QkdNet.Services.KeyDelivery;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Node.Tests.Links;

/// <summary><see cref="Etsi014QkdModule"/> against an in-memory ETSI 014 device: both ends, back-off, repeats, zeroing.</summary>
public sealed class Etsi014QkdModuleTests
{
    private const int KeyBits = 256;
    private const int Batch = 4;
    private static readonly SaeId Master = SaeId.Create("node-a");
    private static readonly SaeId Slave = SaeId.Create("node-b");

    internal static DeviceSourceSettings Settings(int batch = Batch) => new(
        new KmeConnection(new Uri("https://127.0.0.1:1/"), "ca.crt", "a.crt", "a.key", "device-a"), Master, Slave, KeyBits, batch, TimeSpan.FromSeconds(1));

    private static Etsi014QkdModule Module(IKeyDelivery device, TimeProvider? time = null) =>
        new("AB", device, Settings(), time ?? TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task MasterBatch_FetchedByTheOtherEndWithItsKeyIds_IsTheSameBlockUnderTheFirstKeyId()
    {
        var device = new FakeKeyDelivery(maxKeyPerRequest: 64);
        Etsi014QkdModule master = Module(device), slave = Module(device);

        SecretKeyBlock mine = await master.NextKeyBlockAsync();
        IReadOnlyList<KeyId> ids = master.KeyIdsOf(mine);
        Result<SecretKeyBlock, KeyDeliveryError> theirs = await slave.FetchAsync(ids);

        Assert.True(theirs.IsSuccess, theirs.Error?.Message);
        Assert.Equal(Batch, ids.Count);
        Assert.Equal(ids[0].Value, mine.BlockId);
        Assert.Equal(mine.BlockId, theirs.Value.BlockId);
        Assert.Equal(KeyBits * Batch, mine.Key.Length);
        Assert.True(System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(mine.Key.ToBytes(), theirs.Value.Key.ToBytes()));
        Assert.Equal(device.Original(ids[1]), mine.Key.ToBytes()[(KeyBits / 8)..(2 * KeyBits / 8)]);
        Assert.Equal(KeyOrigin.Quantum, mine.Origin);
        Assert.True(mine.IsKeyGrade);
        Assert.Equal(Batch, device.EncKeysNumbers.Single());
    }

    [Fact]
    public async Task SlaveEnd_WithNoShapeOfItsOwn_FetchesTheBatchAtTheAnnouncedKeySize()
    {
        var device = new FakeKeyDelivery(maxKeyPerRequest: 64);
        var masterSettings = Settings() with { KeySizeBits = 512, Batch = 3 };
        var master = new Etsi014QkdModule("AB", device, masterSettings, TimeProvider.System, NullLogger.Instance);
        var slave = new Etsi014QkdModule("AB", device, DeviceSourceSettings.Slave(masterSettings.Connection, Master, Slave, TimeSpan.FromSeconds(1)), TimeProvider.System, NullLogger.Instance);

        SecretKeyBlock mine = await master.NextKeyBlockAsync();
        IReadOnlyList<KeyId> ids = master.KeyIdsOf(mine);
        Result<SecretKeyBlock, KeyDeliveryError> theirs = await slave.FetchAsync(ids, mine.Key.Length / ids.Count);

        Assert.True(theirs.IsSuccess, theirs.Error?.Message);
        Assert.Equal(512 * 3, theirs.Value.Key.Length);
        Assert.True(System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(mine.Key.ToBytes(), theirs.Value.Key.ToBytes()));
    }

    [Fact]
    public async Task EveryKeyTheDeviceHandedOut_IsZeroedOnceInTheBlock()
    {
        var device = new FakeKeyDelivery(maxKeyPerRequest: 64);
        Etsi014QkdModule master = Module(device), slave = Module(device);

        SecretKeyBlock mine = await master.NextKeyBlockAsync();
        (await slave.FetchAsync(master.KeyIdsOf(mine))).Value.Key.Clear();
        mine.Key.Clear();

        Assert.Equal(2 * Batch, device.HandedOut.Count);
        Assert.All(device.HandedOut, bytes => Assert.All(bytes, b => Assert.Equal(0, b)));
    }

    [Fact]
    public async Task DeviceUnavailable_MasterBacksOffDoublingCountsEachFailure_ThenDelivers()
    {
        var device = new FakeKeyDelivery(maxKeyPerRequest: 64);
        var unavailable = new KeyDeliveryError(KeyDeliveryErrorKind.Unavailable, 503, "no key yet");
        device.FailNext(unavailable);
        device.FailNext(unavailable);
        var time = new ManualTimeProvider();
        Etsi014QkdModule master = Module(device, time);

        Task<SecretKeyBlock> next = master.NextKeyBlockAsync().AsTask();
        await time.WaitForScheduledTimerAsync();
        Assert.Equal(1, master.DeviceFailures);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, device.EncKeysCalls); // still waiting out the first back-off (1 s)
        time.Advance(TimeSpan.FromMilliseconds(1));
        await time.WaitForScheduledTimerAsync();
        Assert.Equal(2, master.DeviceFailures);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(2, device.EncKeysCalls); // the second back-off is twice the first
        time.Advance(TimeSpan.FromMilliseconds(1));
        SecretKeyBlock block = await next.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, device.EncKeysCalls);
        Assert.Equal(2, master.DeviceFailures);
        Assert.Contains("no key yet", master.Status.LastAbortReason, StringComparison.Ordinal);
        Assert.Equal(1, master.Status.BlocksDelivered);
        block.Key.Clear();
    }

    [Fact]
    public async Task DeviceRepeatsAKeyId_TheMasterDropsThatBatch_AndTakesTheNext()
    {
        var fresh = new FakeKeyDelivery(maxKeyPerRequest: 64);
        var device = new ScriptedDevice(fresh);
        var time = new ManualTimeProvider();
        Etsi014QkdModule master = Module(device, time);
        SecretKeyBlock first = await master.NextKeyBlockAsync();
        device.RepeatLastBatch = true;

        Task<SecretKeyBlock> next = master.NextKeyBlockAsync().AsTask();
        await time.WaitForScheduledTimerAsync();
        Assert.Equal(1, master.Status.BlocksAborted);
        device.RepeatLastBatch = false;
        time.Advance(TimeSpan.FromSeconds(1));
        SecretKeyBlock second = await next.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(first.BlockId, second.BlockId);
        Assert.Empty(master.KeyIdsOf(first).Intersect(master.KeyIdsOf(second)));
        Assert.Contains("before", master.Status.LastAbortReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOtherEnd_AnnouncementRepeated_IsRefusedWithoutAskingTheDeviceAgain()
    {
        var device = new FakeKeyDelivery(maxKeyPerRequest: 64);
        Etsi014QkdModule master = Module(device), slave = Module(device);
        IReadOnlyList<KeyId> ids = master.KeyIdsOf(await master.NextKeyBlockAsync());
        (await slave.FetchAsync(ids)).Value.Key.Clear();

        Result<SecretKeyBlock, KeyDeliveryError> again = await slave.FetchAsync(ids);

        Assert.False(again.IsSuccess);
        Assert.Equal(KeyDeliveryErrorKind.InvalidResponse, again.Error!.Kind);
        Assert.Equal(1, device.DecKeysCalls);
        Assert.Equal(1, slave.DeviceFailures);
    }

    [Fact]
    public async Task TheOtherEnd_DeviceAnswersInAnotherOrder_BlockFollowsTheMastersOrder()
    {
        var fresh = new FakeKeyDelivery(maxKeyPerRequest: 64);
        Etsi014QkdModule master = Module(fresh), slave = Module(new ScriptedDevice(fresh) { ReverseDecKeys = true });
        SecretKeyBlock mine = await master.NextKeyBlockAsync();

        Result<SecretKeyBlock, KeyDeliveryError> theirs = await slave.FetchAsync(master.KeyIdsOf(mine));

        Assert.Equal(mine.Key.ToBytes(), theirs.Value.Key.ToBytes());
    }

    [Fact]
    public async Task TheOtherEnd_DeviceRefuses_ReturnsItsErrorOnceAndCountsIt()
    {
        var device = new FakeKeyDelivery(maxKeyPerRequest: 64);
        Etsi014QkdModule master = Module(device), slave = Module(device);
        IReadOnlyList<KeyId> ids = master.KeyIdsOf(await master.NextKeyBlockAsync());
        device.FailNext(new KeyDeliveryError(KeyDeliveryErrorKind.BadRequest, 400, "key ID unknown"));

        Result<SecretKeyBlock, KeyDeliveryError> fetched = await slave.FetchAsync(ids);

        Assert.Equal(KeyDeliveryErrorKind.BadRequest, fetched.Error!.Kind);
        Assert.Equal(1, device.DecKeysCalls);
        Assert.Contains("key ID unknown", slave.Status.LastAbortReason, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyIdsOf_ABlockFromElsewhere_Throws()
    {
        Etsi014QkdModule module = Module(new FakeKeyDelivery());
        var stranger = new SecretKeyBlock(Guid.NewGuid(), Primitives.BitString.Random(8), Qber.Zero, true, KeyOrigin.Quantum);

        Assert.Throws<ArgumentException>(() => module.KeyIdsOf(stranger));
    }

    /// <summary>A device over <see cref="FakeKeyDelivery"/> that can answer the previous batch again, or <c>dec_keys</c> backwards.</summary>
    private sealed class ScriptedDevice(FakeKeyDelivery inner) : IKeyDelivery
    {
        private IReadOnlyList<KeyId> _last = [];

        public bool RepeatLastBatch { get; set; }

        public bool ReverseDecKeys { get; init; }

        public Task<Result<KmeStatus, KeyDeliveryError>> GetStatusAsync(SaeId slave, CancellationToken cancellationToken = default) => inner.GetStatusAsync(slave, cancellationToken);

        public async Task<Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>> GetKeysAsync(
            SaeId slave, int? number, int? sizeBits, IReadOnlyList<SaeId>? additionalSlaves = null, CancellationToken cancellationToken = default)
        {
            if (RepeatLastBatch)
            {
                return Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>.Ok([.. _last.Select(id => new DeliveredKey(id, KeyMaterial.CopyOf(inner.Original(id))))]);
            }

            Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await inner.GetKeysAsync(slave, number, sizeBits, additionalSlaves, cancellationToken);
            _last = [.. keys.Value.Select(k => k.Id)];
            return keys;
        }

        public async Task<Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>> GetKeysWithIdsAsync(SaeId master, IReadOnlyList<KeyId> ids, CancellationToken cancellationToken = default)
        {
            Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await inner.GetKeysWithIdsAsync(master, ids, cancellationToken);
            return ReverseDecKeys ? Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>.Ok([.. keys.Value.Reverse()]) : keys;
        }
    }
}
