using System.Text.Json.Nodes;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Security;

namespace QkdNet.Node.Etsi;

/// <summary>Get key's one validation: the text of a request becomes a <see cref="KeyRequest"/> or the spec's refusal.</summary>
public sealed partial class KeyDeliveryService
{
    /// <summary>
    /// Checks a Get key request in the order the conformance suite expects (caller, slave, destination, extensions,
    /// count and size, additional slaves) and resolves where its keys go. An omitted <paramref name="size"/> is the
    /// <c>key_size</c> Get status reports for the same slave (clause 5.2: "default value is defined as key_size in
    /// Status data format"): the key size of the pool the keys come from, for a relayed slave the first hop's pool.
    /// </summary>
    private EtsiOutcome<KeyRequest> ParseKeyRequest(
        Caller caller, string slaveText, int? number, int? size, IReadOnlyList<string>? additionalSlaves, IReadOnlyList<JsonObject>? extensionMandatory)
    {
        if (caller.Kind != CallerKind.LocalSae)
        {
            return EtsiOutcome<KeyRequest>.Unauthorized();
        }

        bool named = SaeId.TryCreate(slaveText, out SaeId slave);
        if (named && slave == caller.Sae)
        {
            return SlaveIsCaller<KeyRequest>();
        }

        KeyDestination destination;
        if (named && topology.TryRoute(slave, out KeyRoute route))
        {
            destination = new KeyDestination(route.TargetKme, route);
        }
        else if (named && relay is not null && relay.TryGetRemoteHome(slave, out KmeId home))
        {
            destination = new KeyDestination(home, null);
        }
        else
        {
            return EtsiOutcome<KeyRequest>.BadRequest(EtsiMessages.UnknownSae, EtsiOutcome<object>.Parameter("slave_SAE_ID", "not reachable from this KME"));
        }

        if (UnsupportedExtensions(extensionMandatory) is { } unsupported)
        {
            return EtsiOutcome<KeyRequest>.BadRequest(EtsiMessages.ExtensionMandatoryUnsupported, new JsonObject { ["extension_mandatory_unsupported"] = unsupported });
        }

        // a direct link's pool is read even when the size is given: a sealed store answers 503 before anything else
        int bits;
        if (destination.Direct is { } direct || (size is null && TryRelayRoute(slave, out direct)))
        {
            Result<PoolStatus, KeyStoreFailure> pool = store.GetPoolStatus(direct.Pool);
            if (!pool.TryGetValue(out PoolStatus? status))
            {
                return Failure<KeyRequest>(pool.Error!);
            }

            bits = size ?? status.KeySizeBits;
        }
        else
        {
            // relayed with the size given, or no route to the slave's KME now (the relay then fails and says so)
            bits = size ?? limits.Pool.KeySizeBits;
        }

        int count = number ?? 1;
        if (CheckCountAndSize<KeyRequest>(count, bits) is { } refused)
        {
            return refused;
        }

        List<SaeId> slaves = [slave];
        foreach (string text in additionalSlaves ?? [])
        {
            if (!SaeId.TryCreate(text, out SaeId extra) || extra == caller.Sae || slaves.Contains(extra) || !SameDestination(extra, destination))
            {
                return Rejected<KeyRequest>("additional_slave_SAE_IDs", "every SAE must be distinct, not the master, and attached to the slave's KME");
            }

            slaves.Add(extra);
        }

        if (slaves.Count - 1 > limits.MaxSaeIdCount)
        {
            return Rejected<KeyRequest>("additional_slave_SAE_IDs", $"at most {limits.MaxSaeIdCount} SAE IDs");
        }

        return EtsiOutcome<KeyRequest>.Ok(new KeyRequest(caller.Sae, slaves, count, bits, destination));
    }

    /// <summary>Whether <paramref name="sae"/> is reached the same way as the request's slave: over the same direct link, or relayed to the same KME.</summary>
    private bool SameDestination(SaeId sae, KeyDestination destination) => destination.IsRelayed
        ? relay!.TryGetRemoteHome(sae, out KmeId home) && home == destination.Kme
        : topology.TryRoute(sae, out KeyRoute route) && route.TargetKme == destination.Kme;
}
