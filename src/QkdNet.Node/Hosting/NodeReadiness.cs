using System.Text.Json.Serialization;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Hosting;

/// <summary>
/// Whether a node can serve keys now: its store is unsealed and every pool of its links (both directions) holds at
/// least one key of the pool's default size. Until then the first <c>enc_keys</c> after start-up answers 503
/// ("Link AB.A has 0 bits"), so scripts and orchestrators wait on <c>GET /health/ready</c> instead.
/// </summary>
public static class NodeReadiness
{
    /// <summary>The readiness of the node of <paramref name="settings"/> over <paramref name="store"/>.</summary>
    public static ReadinessAnswer Check(NodeSettings settings, IKeyStore store)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        if (store.IsSealed)
        {
            return new ReadinessAnswer(false, true, [], "the key store is sealed (a passphrase, or unseal shares posted to /admin/v1/unseal, opens it)");
        }

        var pools = new List<PoolReadiness>();
        foreach (LinkSettings link in settings.Links)
        {
            foreach (KmeId owner in new[] { settings.KmeId, link.Peer })
            {
                LinkId pool = LinkPools.PoolOf(link.Id, owner);
                Result<PoolStatus, KeyStoreFailure> status = store.GetPoolStatus(pool);
                long bits = status.IsSuccess ? status.Value.AvailableBits : 0;
                int keyBits = status.IsSuccess ? status.Value.KeySizeBits : 1;
                pools.Add(new PoolReadiness(pool.Value, bits, bits >= keyBits));
            }
        }

        string? waiting = pools.Where(p => !p.Ready).Select(p => p.Pool).ToArray() is { Length: > 0 } empty
            ? $"waiting for key on {string.Join(", ", empty)} (the links fill their pools a block at a time)"
            : null;
        return new ReadinessAnswer(waiting is null, false, pools, waiting);
    }
}

/// <summary>The body of <c>GET /health/ready</c> (200 when <see cref="Ready"/>, 503 otherwise).</summary>
public sealed record ReadinessAnswer(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("sealed")] bool Sealed,
    [property: JsonPropertyName("pools")] IReadOnlyList<PoolReadiness> Pools,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>One pool of a link: its available key material, in bits, and whether it holds a whole key.</summary>
public sealed record PoolReadiness(
    [property: JsonPropertyName("pool")] string Pool,
    [property: JsonPropertyName("available_bits")] long AvailableBits,
    [property: JsonPropertyName("ready")] bool Ready);
