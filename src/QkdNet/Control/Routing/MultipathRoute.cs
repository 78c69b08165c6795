namespace QkdNet.Control.Routing;

/// <summary>Node-disjoint paths between two nodes, for relaying XOR shares of one key (one share per path).</summary>
/// <param name="Paths">Ordered by cost, then hops; no two share an intermediate node or a link.</param>
public sealed record MultipathRoute(IReadOnlyList<Route> Paths)
{
    /// <summary>Sum of the paths' costs.</summary>
    public double TotalCost => Paths.Sum(p => p.Cost);

    /// <summary>
    /// Link key consumed to relay a key of <paramref name="keyBits"/> bits, in bits: every path carries a
    /// share as long as the key, so the sum over paths of hops x key size.
    /// </summary>
    public long KeyCostBits(int keyBits) => Paths.Sum(p => p.KeyCostBits(keyBits));
}
