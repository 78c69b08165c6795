using System.Collections.Concurrent;
using QkdNet.KeyManagement;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.KeyManagement;

public abstract partial class KeyStoreContractTests
{
    /// <summary>
    /// Model-based: many callers reserve, import and fetch at once, some fetches repeated or racing on purpose.
    /// Afterwards every key ID and every material byte went at most once to the master role and at most once
    /// to the slave role, each slave copy equals the master copy, and the pool shrank by exactly what was delivered.
    /// </summary>
    [ContractFact]
    public async Task ConcurrentCallers_NothingLostNothingDuplicated()
    {
        (IKeyStore master, IKeyStore slave) = await LinkedPairAsync(blocks: 4);
        long startBits = AvailableBits(master);
        var toMaster = new ConcurrentDictionary<KeyId, byte[]>();
        var toSlave = new ConcurrentDictionary<KeyId, byte[]>();
        var bytesUsed = new ConcurrentDictionary<(BlockId, int), KeyId>();
        var violations = new ConcurrentQueue<string>();

        async Task Caller(int seed)
        {
            var random = new Random(seed);
            for (int round = 0; round < 12; round++)
            {
                Result<Reservation, KeyStoreFailure> reserved = await master.ReserveAsync(Request(count: random.Next(1, 5)));
                if (!reserved.IsSuccess)
                {
                    continue; // pool ran dry under contention: allowed, consumes nothing
                }

                foreach ((DeliveredKey key, KeyAllocation allocation) in reserved.Value.Keys.Zip(reserved.Value.Descriptor.Keys))
                {
                    if (!toMaster.TryAdd(key.Id, key.Material.Span.ToArray()))
                    {
                        violations.Enqueue($"master got {key.Id} twice");
                    }

                    for (int b = allocation.OffsetBytes; b < allocation.OffsetBytes + allocation.LengthBytes; b++)
                    {
                        if (!bytesUsed.TryAdd((allocation.Block, b), key.Id))
                        {
                            violations.Enqueue($"byte {allocation.Block}:{b} used twice");
                        }
                    }
                }

                Assert.True((await slave.ImportAsync(reserved.Value.Descriptor)).IsSuccess);
                var fetch = new FetchRequest(Slave, Master, [.. reserved.Value.Descriptor.Keys.Select(k => k.KeyId)]);
                // two racing fetches of the same keys (and sometimes an intruder): exactly one may win
                Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>[] results = await Task.WhenAll(
                    slave.FetchAsync(fetch), slave.FetchAsync(fetch), slave.FetchAsync(fetch with { Caller = Other }));
                if (results[2].IsSuccess || results.Count(r => r.IsSuccess) != 1)
                {
                    violations.Enqueue($"fetch outcomes {string.Join(',', results.Select(r => r.Error))}");
                }

                foreach (DeliveredKey key in results.Where(r => r.IsSuccess).SelectMany(r => r.Value))
                {
                    if (!toSlave.TryAdd(key.Id, key.Material.Span.ToArray()))
                    {
                        violations.Enqueue($"slave got {key.Id} twice");
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(seed => Task.Run(() => Caller(seed))));

        Assert.Empty(violations);
        Assert.Equal(toMaster.Count, toSlave.Count);
        foreach ((KeyId id, byte[] bytes) in toMaster)
        {
            Assert.Equal(bytes, toSlave[id]);
        }

        long deliveredBits = toMaster.Values.Sum(b => (long)b.Length * 8);
        Assert.Equal(startBits - deliveredBits, AvailableBits(master));
        Assert.Equal(startBits - deliveredBits, AvailableBits(slave));
        Assert.True((await slave.VerifyAuditChainAsync()).IsIntact);
    }
}
