using System.Security.Cryptography;
using QkdNet.KeyManagement;

namespace QkdNet.Benchmarks.KeyManagement;

/// <summary>The load of the key store throughput benchmarks, for any <see cref="IKeyStore"/> pair (master node, slave node).</summary>
internal static class KeyStoreLoad
{
    public static readonly LinkId Link = LinkId.Create("bench-link");
    private static readonly SaeId Master = SaeId.Create("sae-master");
    private static readonly SaeId Slave = SaeId.Create("sae-slave");

    /// <summary>Gives both stores the same <paramref name="blocks"/> blocks of 64 KiB of random material.</summary>
    public static void Fill(IKeyStore master, IKeyStore slave, int blocks)
    {
        for (int block = 0; block < blocks; block++)
        {
            byte[] material = RandomNumberGenerator.GetBytes(64 * 1024);
            var id = BlockId.Create($"b{block}");
            Check(master.IngestBlockAsync(Link, id, material).GetAwaiter().GetResult());
            Check(slave.IngestBlockAsync(Link, id, material).GetAwaiter().GetResult());
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary><paramref name="callers"/> concurrent SAE pairs loop reserve (enc_keys) -> import (Kx) -> fetch (dec_keys) of 256-bit keys until <paramref name="keys"/> are delivered.</summary>
    public static Task ReserveImportFetchAsync(IKeyStore master, IKeyStore slave, int callers, int keysPerRequest, int keys)
    {
        int rounds = keys / callers / keysPerRequest;
        return Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (int round = 0; round < rounds; round++)
            {
                Reservation reservation = Check(await master.ReserveAsync(new ReserveRequest(Link, Master, [Slave], keysPerRequest, 256)));
                Check(await slave.ImportAsync(reservation.Descriptor));
                IReadOnlyList<DeliveredKey> fetched = Check(await slave.FetchAsync(new FetchRequest(Slave, Master, [.. reservation.Keys.Select(k => k.Id)])));
                foreach (DeliveredKey key in reservation.Keys.Concat(fetched))
                {
                    key.Material.Dispose();
                }
            }
        })));
    }

    public static T Check<T>(Result<T, KeyStoreFailure> result) =>
        result.TryGetValue(out T value) ? value : throw new InvalidOperationException($"{result.Error}");
}
