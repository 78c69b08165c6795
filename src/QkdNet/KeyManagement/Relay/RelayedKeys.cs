using System.Collections;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// The keys of one relayed request together with the way each one went, so the ETSI key container can report the
/// route and the link key it cost. A list of the keys itself, so it travels wherever the keys do. Owns nothing beyond
/// the keys (whoever owns the list disposes them).
/// </summary>
public sealed class RelayedKeys : IReadOnlyList<DeliveredKey>
{
    private readonly IReadOnlyList<DeliveredKey> _keys;

    /// <summary>The keys and, in the same order, their routes.</summary>
    public RelayedKeys(IReadOnlyList<DeliveredKey> keys, IReadOnlyList<RelayedKeyRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentOutOfRangeException.ThrowIfNotEqual(routes.Count, keys.Count, nameof(routes));
        _keys = keys;
        Routes = routes;
    }

    /// <summary>The route of each key, in key order.</summary>
    public IReadOnlyList<RelayedKeyRoute> Routes { get; }

    /// <summary>Link key spent on every key of the request, in bits.</summary>
    public long LinkKeyBits => Routes.Sum(r => r.LinkKeyBits);

    /// <inheritdoc />
    public int Count => _keys.Count;

    /// <inheritdoc />
    public DeliveredKey this[int index] => _keys[index];

    /// <inheritdoc />
    public IEnumerator<DeliveredKey> GetEnumerator() => _keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
