using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// A store's in-memory pools, one per link, created empty on first use with the link's configured options.
/// Thread-safe: the writer changes the pools, any thread may read a status.
/// </summary>
internal sealed class StorePools(Func<LinkId, PoolOptions> optionsFor)
{
    private readonly Dictionary<LinkId, LinkPool> _pools = [];
    private readonly Lock _lock = new();

    /// <summary>The pool options configured for <paramref name="link"/>.</summary>
    public PoolOptions OptionsFor(LinkId link) => optionsFor(link);

    /// <summary>The link's pool, created empty when the link has none yet.</summary>
    public LinkPool Of(LinkId link)
    {
        lock (_lock)
        {
            if (!_pools.TryGetValue(link, out LinkPool? pool))
            {
                pool = new LinkPool(link, optionsFor(link));
                _pools.Add(link, pool);
            }

            return pool;
        }
    }

    /// <summary>The link's status; an empty pool's when the link has none yet (without creating one).</summary>
    public PoolStatus StatusOf(LinkId link)
    {
        lock (_lock)
        {
            return _pools.TryGetValue(link, out LinkPool? pool) ? pool.Status : new PoolStatus(link, 0, optionsFor(link));
        }
    }

    /// <summary>Replaces every pool with <paramref name="pools"/> (recovery from the stored state).</summary>
    public void Replace(IReadOnlyDictionary<LinkId, LinkPool> pools)
    {
        lock (_lock)
        {
            _pools.Clear();
            foreach ((LinkId link, LinkPool pool) in pools)
            {
                _pools.Add(link, pool);
            }
        }
    }
}
