using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;

namespace QkdNet.Control.Routing;

/// <summary>
/// The key relay's route source over a <see cref="RoutingTable"/>: each request reads one snapshot (the link states
/// learnt so far), the shortest path for single-path relay, node-disjoint paths for XOR shares
/// (<see cref="NetworkSnapshot.FindDisjointRoutes"/>). Thread-safe, as the table is.
/// </summary>
public sealed class RoutingTableRelayRoutes(RoutingTable table) : IRelayRouteSource
{
    /// <summary>The table the paths come from.</summary>
    public RoutingTable Table { get; } = table;

    /// <inheritdoc />
    public Result<IReadOnlyList<RelayPath>> FindPaths(KmeId from, KmeId to, int count)
    {
        NetworkSnapshot snapshot = Table.Current;
        if (count == 1)
        {
            Result<Route> route = snapshot.FindRoute(from, to);
            return route.IsSuccess
                ? Result<IReadOnlyList<RelayPath>>.Ok([ToPath(route.Value)])
                : Result<IReadOnlyList<RelayPath>>.Fail($"no route to '{to}': {route.Error}");
        }

        Result<MultipathRoute> routes = snapshot.FindDisjointRoutes(from, to, count);
        return routes.IsSuccess
            ? Result<IReadOnlyList<RelayPath>>.Ok([.. routes.Value.Paths.Select(ToPath)])
            : Result<IReadOnlyList<RelayPath>>.Fail($"no {count} node-disjoint routes to '{to}': {routes.Error}");
    }

    private static RelayPath ToPath(Route route) => new(route.Nodes, route.Links, route.Cost);
}
