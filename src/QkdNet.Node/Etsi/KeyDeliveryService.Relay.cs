using System.Text.Json.Nodes;
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

    private async Task<EtsiOutcome<IReadOnlyList<DeliveredKey>>> GetRelayedKeysAsync(
        NodeRelay relay, SaeId master, SaeId slave, KmeId home, int? number, int? size, IReadOnlyList<string>? additionalSlaves,
        IReadOnlyList<JsonObject>? extensionMandatory, CancellationToken cancellationToken)
    {
        if (UnsupportedExtensions(extensionMandatory) is { } unsupported)
        {
            return EtsiOutcome<IReadOnlyList<DeliveredKey>>.BadRequest(EtsiMessages.ExtensionMandatoryUnsupported, new JsonObject { ["extension_mandatory_unsupported"] = unsupported });
        }

        int count = number ?? 1;
        int bits = size ?? limits.Pool.KeySizeBits;
        if (CheckCountAndSize<IReadOnlyList<DeliveredKey>>(count, bits) is { } refused)
        {
            return refused;
        }

        List<SaeId> slaves = [slave];
        foreach (string text in additionalSlaves ?? [])
        {
            if (!SaeId.TryCreate(text, out SaeId extra) || extra == master || slaves.Contains(extra) || !relay.TryGetRemoteHome(extra, out KmeId extraHome) || extraHome != home)
            {
                return Rejected<IReadOnlyList<DeliveredKey>>("additional_slave_SAE_IDs", "every SAE must be distinct, not the master, and attached to the slave's KME");
            }

            slaves.Add(extra);
        }

        if (slaves.Count - 1 > limits.MaxSaeIdCount)
        {
            return Rejected<IReadOnlyList<DeliveredKey>>("additional_slave_SAE_IDs", $"at most {limits.MaxSaeIdCount} SAE IDs");
        }

        Result<IReadOnlyList<DeliveredKey>> relayed = await relay.Keys.RelayKeysAsync(master, slaves, home, count, bits, cancellationToken).ConfigureAwait(false);
        return relayed.IsSuccess
            ? EtsiOutcome<IReadOnlyList<DeliveredKey>>.Ok(relayed.Value)
            : EtsiOutcome<IReadOnlyList<DeliveredKey>>.Unavailable(EtsiMessages.PeerUnavailable, "the key could not be relayed to the slave's KME; none was handed out");
    }
}
