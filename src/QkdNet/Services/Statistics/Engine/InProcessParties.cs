using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Statistics.Protocol;
using QkdNet.Services.Statistics.Randomness;
using QkdNet.Services.Statistics.Transport;

namespace QkdNet.Services.Statistics.Engine;

/// <summary>
/// Runs one program at every party of an <see cref="InMemoryNetwork"/>, each party on its own task, the way the share
/// servers run it over the network: for tests, benchmarks and the single-process demo.
/// </summary>
public sealed class InProcessParties
{
    /// <summary>Number of parties.</summary>
    public required int Parties { get; init; }

    /// <summary>Threshold t (polynomial degree); t &lt; n/2.</summary>
    public required int Threshold { get; init; }

    /// <summary>Parties that are down from the start (they run nothing, and the others leave them out).</summary>
    public IReadOnlyCollection<int> Down { get; init; } = [];

    /// <summary>Seed for pairwise keys and each party's randomness (reproducible runs); null: fresh randomness from
    /// <see cref="System.Security.Cryptography.RandomNumberGenerator"/>.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Sees or alters every message (to record a view or inject a fault).</summary>
    public InMemoryNetwork.Tap? Tap { get; init; }

    /// <summary>The network of the last run (bytes and messages between parties).</summary>
    public InMemoryNetwork? Network { get; private set; }

    /// <summary>Runs <paramref name="program"/> at every party that is up; element i is party i's outcome (default for a down party).</summary>
    public async Task<T?[]> RunAsync<T>(Func<PartyContext, Task<T>> program, CancellationToken cancellationToken = default)
    {
        var network = new InMemoryNetwork(Parties, Tap);
        Network = network;
        foreach (int party in Down)
        {
            network.TakeDown(party);
        }

        int[] active = Enumerable.Range(0, Parties).Where(p => !Down.Contains(p)).ToArray();
        if (PartyContext.CheckParameters(Parties, Threshold, active) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        RandomPairwiseKeys[]? randomKeys = Seed is null ? RandomPairwiseKeys.Create(Parties) : null;
        try
        {
            var tasks = active.Select(party => Task.Run(
                async () =>
                {
                    IPairwiseKeys keys = Seed is { } seed ? new SeededPairwiseKeys(seed, party) : randomKeys![party];
                    ShamirSharing.ShareRandomness? local = Seed is { } s ? SeededShareRandomness.Create((s * 1_000_003) + (ulong)party) : null;
                    try
                    {
                        using PartyContext context = await PartyContext.CreateAsync(network.Endpoint(party), Threshold, active, keys, local, cancellationToken: cancellationToken).ConfigureAwait(false);
                        return await program(context).ConfigureAwait(false);
                    }
                    catch
                    {
                        // A party that stops must not leave the others waiting for its next message until the timeout.
                        network.TakeDown(party);
                        throw;
                    }
                },
                cancellationToken)).ToArray();
            T[] results = await Task.WhenAll(tasks).ConfigureAwait(false);
            var outcome = new T?[Parties];
            for (int i = 0; i < active.Length; i++)
            {
                outcome[active[i]] = results[i];
            }

            return outcome;
        }
        finally
        {
            if (randomKeys is not null)
            {
                randomKeys[0].Dispose();
            }
        }
    }
}
