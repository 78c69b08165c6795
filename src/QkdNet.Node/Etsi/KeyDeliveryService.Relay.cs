using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Relay;

namespace QkdNet.Node.Etsi;

/// <summary>Get key for a slave SAE homed beyond the neighbours: the key is relayed across trusted nodes.</summary>
public sealed partial class KeyDeliveryService
{
    /// <summary>For Get status of a relayed slave: its KME, and the pool of the first hop of the current route (what limits the relay here).</summary>
    private bool TryRelayRoute(SaeId slave, out KeyRoute route)
    {
        route = default;
        if (relay is null || !relay.TryGetRemoteHome(slave, out KmeId home) || !relay.Routes.Current.FindRoute(topology.Self, home).IsSuccess)
        {
            return false;
        }

        LinkId firstLink = relay.Routes.Current.FindRoute(topology.Self, home).Value.Links[0];
        route = new KeyRoute(home, null, LinkPools.PoolOf(firstLink, topology.Self));
        return true;
    }

    /// <summary>Keys for slaves beyond the neighbours: relayed across trusted nodes to their KME, handed out only once stored there.</summary>
    private async Task<Result<IReadOnlyList<DeliveredKey>, EtsiProblem>> GetRelayedKeysAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        Result<IReadOnlyList<DeliveredKey>> relayed = await relay!.Keys.RelayKeysAsync(request.Master, request.Slaves, request.Destination.Kme, request.Count, request.SizeBits, cancellationToken).ConfigureAwait(false);
        if (!relayed.IsSuccess)
        {
            return EtsiProblem.Unavailable(EtsiMessages.PeerUnavailable, "the key could not be relayed to the slave's KME; none was handed out");
        }

        Usage.AddAsMaster(request.Master, relayed.Value);
        return Result<IReadOnlyList<DeliveredKey>, EtsiProblem>.Ok(relayed.Value);
    }
}
