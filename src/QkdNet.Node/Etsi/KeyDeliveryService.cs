using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.Node.Relay;
using QkdNet.Node.Security;

namespace QkdNet.Node.Etsi;

/// <summary>
/// The three ETSI GS QKD 014 operations on top of the key store, independent of HTTP: every input arrives
/// as text and is checked here, every answer is an <see cref="EtsiOutcome{T}"/> with the spec's status.
/// A request that fails consumes nothing, except that a master reservation whose peer import failed is spent
/// (never handed out). Thread-safe.
/// </summary>
public sealed partial class KeyDeliveryService(IKeyStore store, NodeTopology topology, StoreSettings limits, IKxClient kx, ILogger<KeyDeliveryService> logger, NodeRelay? relay = null)
{
    /// <summary>ETSI <c>min_key_size</c>, in bits: the store cuts keys in whole bytes.</summary>
    public const int MinKeySizeBits = 8;

    /// <summary>Keys handed to each SAE of this node (counts for the controller's dashboard).</summary>
    public SaeUsage Usage { get; } = new();

    private readonly PeerReadiness _peers = new(kx);

    /// <summary>Get status (clause 5.1).</summary>
    public EtsiOutcome<EtsiStatus> Status(Caller caller, string slaveText)
    {
        if (caller.Kind != CallerKind.LocalSae)
        {
            return EtsiOutcome<EtsiStatus>.Unauthorized();
        }

        bool named = SaeId.TryCreate(slaveText, out SaeId slave);
        if (named && slave == caller.Sae)
        {
            return SlaveIsCaller<EtsiStatus>();
        }

        if (!named || !(topology.TryRoute(slave, out KeyRoute route) || TryRelayRoute(slave, out route)))
        {
            return EtsiOutcome<EtsiStatus>.BadRequest(EtsiMessages.UnknownSae, EtsiOutcome<EtsiStatus>.Parameter("slave_SAE_ID", "not reachable from this KME"));
        }

        Result<PoolStatus, KeyStoreFailure> pool = store.GetPoolStatus(route.Pool);
        if (!pool.TryGetValue(out PoolStatus? p))
        {
            return Failure<EtsiStatus>(pool.Error!);
        }

        return EtsiOutcome<EtsiStatus>.Ok(new EtsiStatus(
            topology.Self.Value, route.TargetKme.Value, caller.Name, slave.Value, p.KeySizeBits, p.StoredKeyCount, p.MaxKeyCount,
            limits.MaxKeysPerRequest, limits.MaxKeySizeBits, MinKeySizeBits, limits.MaxSaeIdCount,
            new EtsiStatusExtension(p.State.ToString().ToLowerInvariant(), p.AvailableBits, p.Options.LowWatermarkBits, p.Options.HighWatermarkBits, topology.Development ? true : null)));
    }

    /// <summary>Get key (clause 5.2): <paramref name="number"/> keys of <paramref name="size"/> bits for the master <paramref name="caller"/>.</summary>
    public async Task<EtsiOutcome<IReadOnlyList<DeliveredKey>>> GetKeysAsync(
        Caller caller, string slaveText, int? number, int? size, IReadOnlyList<string>? additionalSlaves, IReadOnlyList<JsonObject>? extensionMandatory, CancellationToken cancellationToken)
    {
        EtsiOutcome<KeyRequest> parsed = ParseKeyRequest(caller, slaveText, number, size, additionalSlaves, extensionMandatory);
        if (parsed.StatusCode != 200)
        {
            return parsed.Cast<IReadOnlyList<DeliveredKey>>();
        }

        KeyRequest request = parsed.Value!;
        return request.Destination.Direct is { } route
            ? await GetDirectKeysAsync(request, route, cancellationToken).ConfigureAwait(false)
            : await GetRelayedKeysAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keys for slaves at this KME or a neighbour: reserved from the link's pool and, for a neighbour, imported there first.</summary>
    private async Task<EtsiOutcome<IReadOnlyList<DeliveredKey>>> GetDirectKeysAsync(KeyRequest request, KeyRoute route, CancellationToken cancellationToken)
    {
        (int count, int bits, IReadOnlyList<SaeId> slaves) = (request.Count, request.SizeBits, request.Slaves);
        if (route.Peer is { } asked && await _peers.CheckAsync(asked.Id, cancellationToken).ConfigureAwait(false) is { } notReady)
        {
            // asked before reserving: a peer that cannot import (sealed, down) costs this node no key material
            LogPeerNotReady(logger, route.TargetKme.Value, notReady);
            return EtsiOutcome<IReadOnlyList<DeliveredKey>>.Unavailable(EtsiMessages.PeerUnavailable, "the slave's KME cannot import keys now (sealed or unreachable); no key material was spent");
        }

        var reserve = new ReserveRequest(route.Pool, request.Master, slaves, count, bits, route.Peer is null ? KeyDeliveryScope.Local : KeyDeliveryScope.Remote);
        Result<Reservation, KeyStoreFailure> reserved = route.Peer is { } peer
            // the peer's import runs while the store commits the reservation (IKeyStore.ReserveConfirmedAsync)
            ? await store.ReserveConfirmedAsync(reserve, (descriptor, ct) => kx.ImportAsync(peer.Id, descriptor, ct), cancellationToken).ConfigureAwait(false)
            : await store.ReserveAsync(reserve, cancellationToken).ConfigureAwait(false);
        if (route.Peer is { } told && reserved.Error is null or { Code: KeyStoreError.NotConfirmed })
        {
            _peers.Imported(told.Id, reserved.IsSuccess);
        }

        if (reserved.Error is { Code: KeyStoreError.NotConfirmed } unconfirmed)
        {
            LogPeerImportFailed(logger, route.TargetKme.Value, count, unconfirmed.Detail);
            return EtsiOutcome<IReadOnlyList<DeliveredKey>>.Unavailable(EtsiMessages.PeerUnavailable, "the slave's KME did not confirm the keys; none were handed out");
        }

        if (!reserved.TryGetValue(out Reservation? reservation))
        {
            return Failure<IReadOnlyList<DeliveredKey>>(reserved.Error!);
        }

        Usage.AddAsMaster(request.Master, reservation.Keys);
        return EtsiOutcome<IReadOnlyList<DeliveredKey>>.Ok(reservation.Keys);
    }

    /// <summary>Get key with key IDs (clause 5.3): the slave <paramref name="caller"/> fetches keys <paramref name="masterText"/> reserved.</summary>
    public async Task<EtsiOutcome<IReadOnlyList<DeliveredKey>>> GetKeysWithIdsAsync(Caller caller, string masterText, IReadOnlyList<string?> keyIdTexts, CancellationToken cancellationToken)
    {
        if (caller.Kind != CallerKind.LocalSae)
        {
            return EtsiOutcome<IReadOnlyList<DeliveredKey>>.Unauthorized();
        }

        if (!SaeId.TryCreate(masterText, out SaeId master))
        {
            return EtsiOutcome<IReadOnlyList<DeliveredKey>>.BadRequest(EtsiMessages.UnknownSae, EtsiOutcome<object>.Parameter("master_SAE_ID", "not a valid SAE ID"));
        }

        if (keyIdTexts.Count < 1 || keyIdTexts.Count > limits.MaxKeysPerRequest)
        {
            return Rejected<IReadOnlyList<DeliveredKey>>("key_IDs", $"must hold 1 to {limits.MaxKeysPerRequest} key IDs");
        }

        var ids = new List<KeyId>(keyIdTexts.Count);
        var seen = new HashSet<KeyId>();
        foreach (string? text in keyIdTexts)
        {
            if (!KeyId.TryParse(text, out KeyId id) || !seen.Add(id))
            {
                return Rejected<IReadOnlyList<DeliveredKey>>("key_ID", "every key ID must be a distinct UUID");
            }

            ids.Add(id);
        }

        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await store.FetchAsync(new FetchRequest(caller.Sae, master, ids), cancellationToken).ConfigureAwait(false);
        if (!fetched.TryGetValue(out IReadOnlyList<DeliveredKey>? keys))
        {
            return Failure<IReadOnlyList<DeliveredKey>>(fetched.Error!);
        }

        Usage.AddAsSlave(caller.Sae, keys);
        return EtsiOutcome<IReadOnlyList<DeliveredKey>>.Ok(keys);
    }

    private static JsonArray? UnsupportedExtensions(IReadOnlyList<JsonObject>? extensions)
    {
        // this KME implements no extension, so every mandatory one is unsupported
        var names = new JsonArray();
        foreach (JsonObject extension in extensions ?? [])
        {
            foreach (KeyValuePair<string, JsonNode?> entry in extension)
            {
                names.Add(entry.Key);
            }
        }

        return names.Count > 0 ? names : null;
    }

    /// <summary>The refusal of <paramref name="count"/> keys of <paramref name="bits"/> bits, or null when this KME can serve them.</summary>
    private EtsiOutcome<T>? CheckCountAndSize<T>(int count, int bits)
    {
        if (count < 1 || count > limits.MaxKeysPerRequest)
        {
            return Rejected<T>("number", $"must be from 1 to {limits.MaxKeysPerRequest}");
        }

        if (bits % 8 != 0)
        {
            return EtsiOutcome<T>.BadRequest(EtsiMessages.SizeNotMultipleOf8, EtsiOutcome<T>.Parameter("size", $"{bits} bits is not a whole number of bytes"));
        }

        return bits < MinKeySizeBits || bits > limits.MaxKeySizeBits
            ? Rejected<T>("size", $"must be a multiple of 8 from {MinKeySizeBits} to {limits.MaxKeySizeBits} bits")
            : null;
    }

    /// <summary>Get status and Get key for the caller's own SAE ID: both refuse it the same way.</summary>
    private static EtsiOutcome<T> SlaveIsCaller<T>() =>
        EtsiOutcome<T>.BadRequest(EtsiMessages.SlaveIsCaller, EtsiOutcome<T>.Parameter("slave_SAE_ID", "is the caller itself; a key is shared with another SAE"));

    private static EtsiOutcome<T> Rejected<T>(string parameter, string problem) =>
        EtsiOutcome<T>.BadRequest(EtsiMessages.ParameterRejected, EtsiOutcome<T>.Parameter(parameter, problem));

    /// <summary>The spec's status for a store failure (the mapping <see cref="KeyStoreError"/> suggests).</summary>
    private static EtsiOutcome<T> Failure<T>(KeyStoreFailure failure) => failure.Code switch
    {
        KeyStoreError.Sealed or KeyStoreError.NotInitialized => EtsiOutcome<T>.Unavailable(EtsiMessages.Sealed),
        KeyStoreError.InsufficientKeyMaterial => EtsiOutcome<T>.Unavailable(EtsiMessages.KeysExhausted, failure.Detail),
        KeyStoreError.NotAuthorized => EtsiOutcome<T>.Unauthorized("the caller is not a slave SAE of this key for this master SAE"),
        KeyStoreError.UnknownKey or KeyStoreError.AlreadyDelivered => EtsiOutcome<T>.BadRequest(EtsiMessages.KeyNotFound, new JsonObject { ["detail"] = failure.Detail }),
        KeyStoreError.InvalidRequest => EtsiOutcome<T>.BadRequest(EtsiMessages.ParameterRejected, new JsonObject { ["detail"] = failure.Detail }),
        _ => EtsiOutcome<T>.Unavailable(EtsiMessages.ServerError),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer KME {Peer} cannot import keys now ({Reason}); answered 503 without reserving any.")]
    private static partial void LogPeerNotReady(ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer KME {Peer} did not import a reservation of {Count} keys: {Reason} None was handed out.")]
    private static partial void LogPeerImportFailed(ILogger logger, string peer, int count, string reason);
}
