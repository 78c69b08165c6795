using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;

namespace QkdNet.Node.Relay;

/// <summary>
/// Key relay across trusted nodes at one KME (ITU-T Y.3803 key relay): as origin it makes a key with
/// <see cref="RandomNumberGenerator"/>, routes it (<see cref="RoutingTable"/>, one path or XOR shares over
/// node-disjoint paths) and sends it hop by hop, one-time padded with each link's key; as an intermediate node it
/// opens and re-seals a share; as destination it recombines the shares and stores the key for the slave SAEs so
/// that <c>dec_keys</c> serves it under the same key ID. Sends over one link direction are serialised, so the
/// receiver sees its sequence numbers in order. Thread-safe.
/// </summary>
public sealed partial class RelayService : IDisposable
{
    private readonly NetworkSettings _network;
    private readonly NodeTopology _node;
    private readonly IKeyStore _store;
    private readonly StoreSettings _limits;
    private readonly RelayClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<RelayService> _logger;
    private readonly StoreRelayPads _pads;
    private readonly RelayEndpoint _endpoint;
    private readonly RelayReassembler _reassembler;
    private readonly ConcurrentDictionary<(LinkId, KmeId), SemaphoreSlim> _sendLocks = new();
    private readonly Dictionary<(LinkId, KmeId, int), Task<Result<int>>> _refills = [];
    private readonly Lock _refillsLock = new();

    /// <summary>
    /// Pads provisioned per link direction at a time: one store transaction at each end per batch instead of per hop. A
    /// refill (a reservation at the sender, an import and a fetch at the receiver) runs in the background but still takes
    /// CPU and commits from the relays in flight on that link; with pads packed into store keys (13 rows for 256 pads,
    /// <see cref="StoreRelayPads"/>) it is cheap and, at 256 per batch, rare (docs/PERFORMANCE.md, relay figures).
    /// Smaller pools get smaller batches (see <see cref="StoreRelayPads.ReserveBatchAsync"/>).
    /// </summary>
    private const int PadsPerBatch = 256;

    /// <summary>
    /// Stock at or below which the next batch is provisioned in the background: a batch takes a few commits and a round
    /// trip, far less than the time half a batch of hops takes, so no hop waits for provisioning in steady state.
    /// </summary>
    private const int RefillBelow = PadsPerBatch / 2;

    /// <summary>
    /// Pads provisioned per neighbour at start-up: enough for the first relays to find pads at every hop (and the TLS
    /// connections and code paths warm), little enough that a node that never relays spends little link key on them;
    /// the first relays then refill a whole batch in the background, as stock below <see cref="RefillBelow"/> does.
    /// </summary>
    private const int StartupPads = 32;

    /// <summary>A relay service for the node of <paramref name="settings"/> (which must have a network section).</summary>
    public RelayService(NodeSettings settings, NodeTopology node, IKeyStore store, RelayClient client, TimeProvider time, ILogger<RelayService> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _network = settings.Network ?? throw new ArgumentException("The node has no network section.", nameof(settings));
        _node = node;
        _store = store;
        _limits = settings.Store;
        _client = client;
        _time = time;
        _logger = logger;
        _pads = new StoreRelayPads(store, node.Self);
        _endpoint = new RelayEndpoint(node.Self, _pads);
        _reassembler = new RelayReassembler(node.Self, _network.Timeout, time, _network.Paths);
        Routes = new RoutingTable(_network.Topology);
    }

    /// <summary>The routes this node relays over; link states (quarantine, pool, rate) are applied to it as they are learnt.</summary>
    public RoutingTable Routes { get; }

    /// <summary>Totals for <c>/metrics</c>.</summary>
    public RelayCounters Counters { get; } = new();

    /// <summary>Pads stocked towards each neighbour, ready for hops (<see cref="StoreRelayPads.StockLevels"/>).</summary>
    public IReadOnlyList<(LinkId Link, KmeId Peer, int Pads)> StockedPads() => _pads.StockLevels();

    /// <summary>The KME that serves <paramref name="sae"/>, when the topology homes it at another node than this one.</summary>
    public bool TryGetRemoteHome(SaeId sae, out KmeId home)
    {
        home = default;
        if (!_network.Topology.TryGetSae(sae, out TopologySae entry) || entry.Home == _node.Self)
        {
            return false;
        }

        home = entry.Home;
        return true;
    }

    /// <summary>
    /// Relays <paramref name="count"/> fresh keys of <paramref name="sizeBits"/> bits from <paramref name="master"/> here to
    /// <paramref name="slaves"/> at <paramref name="destination"/>. Returns the keys only when the destination holds every
    /// one durably (as <see cref="RelayedKeys"/>, with the route each took); otherwise why not, and nothing is handed out
    /// (keys already relayed expire unfetched there).
    /// </summary>
    public async Task<Result<IReadOnlyList<DeliveredKey>>> RelayKeysAsync(SaeId master, IReadOnlyList<SaeId> slaves, KmeId destination, int count, int sizeBits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slaves);
        var keys = new List<DeliveredKey>(count);
        var routes = new List<RelayedKeyRoute>(count);
        for (int i = 0; i < count; i++)
        {
            Result<DeliveredKey> one = await RelayOneAsync(master, slaves, destination, sizeBits, routes, cancellationToken).ConfigureAwait(false);
            if (!one.IsSuccess)
            {
                foreach (DeliveredKey key in keys)
                {
                    key.Material.Dispose();
                }

                Counters.AddOriginFailure();
                LogRelayFailed(_logger, destination.Value, one.Error!);
                return Result<IReadOnlyList<DeliveredKey>>.Fail(one.Error!);
            }

            keys.Add(one.Value);
        }

        return new RelayedKeys(keys, routes);
    }

    private async Task<Result<DeliveredKey>> RelayOneAsync(SaeId master, IReadOnlyList<SaeId> slaves, KmeId destination, int sizeBits, List<RelayedKeyRoute> routesTaken, CancellationToken cancellationToken)
    {
        using InFlightScope flight = Counters.StartFlight();
        NetworkSnapshot snapshot = Routes.Current;
        IReadOnlyList<Route> paths;
        if (_network.Paths == 1)
        {
            Result<Route> route = snapshot.FindRoute(_node.Self, destination);
            if (!route.IsSuccess)
            {
                return Result<DeliveredKey>.Fail($"no route to '{destination}': {route.Error}");
            }

            paths = [route.Value];
        }
        else
        {
            Result<MultipathRoute> routes = snapshot.FindDisjointRoutes(_node.Self, destination, _network.Paths);
            if (!routes.IsSuccess)
            {
                return Result<DeliveredKey>.Fail($"no {_network.Paths} node-disjoint routes to '{destination}': {routes.Error}");
            }

            paths = routes.Value.Paths;
        }

        Result<RelayManifest> made = RelayManifest.Create(Guid.NewGuid(), KeyId.New(), sizeBits / 8, [.. paths.Select(p => p.Nodes)],
            master, slaves, _time.GetUtcNow() + _limits.ReservationLifetime);
        if (!made.IsSuccess)
        {
            return Result<DeliveredKey>.Fail($"cannot relay to '{destination}': {made.Error}");
        }

        RelayManifest manifest = made.Value;
        using var origin = new RelayOrigin(manifest);
        long started = _time.GetTimestamp();
        Task<Result<KxRelayAnswer>>[] sends = new Task<Result<KxRelayAnswer>>[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            sends[i] = SendHopAsync(origin.FirstHop(i), paths[i].Links[0], origin.Share(i), cancellationToken);
        }

        Result<KxRelayAnswer>[] answers = await Task.WhenAll(sends).ConfigureAwait(false);
        if (answers.FirstOrDefault(a => !a.IsSuccess) is { Error: { } error })
        {
            return Result<DeliveredKey>.Fail($"relay {manifest.RelayId} failed: {error}");
        }

        RelayResult<KeyMaterial> concluded = origin.Conclude([.. answers.Select(a => new RelayPathAnswer(a.Value.Stored, a.Value.Confirmation))]);
        if (!concluded.IsSuccess)
        {
            if (concluded.Rejection!.Reason == RelayRejectionReason.ConfirmationFailed)
            {
                Counters.AddConfirmationFailure();
                LogConfirmationFailed(_logger, manifest.RelayId, manifest.KeyId.ToString(), destination.Value, string.Join(" | ", paths));
            }

            return Result<DeliveredKey>.Fail($"relay {manifest.RelayId}: {concluded.Rejection.Detail} No key was handed out.");
        }

        Counters.AddOriginated();
        var taken = new RelayedKeyRoute(manifest.KeyId, paths, RelayEndpoint.PadBytes(manifest.SecretBytes) * 8);
        routesTaken.Add(taken);
        Counters.AddRoute(_time.GetUtcNow(), string.Join(" | ", paths));
        LogRelayed(_logger, manifest.RelayId, manifest.KeyId.ToString(), string.Join(" | ", paths), taken.LinkKeyBits, _time.GetElapsedTime(started).TotalMilliseconds);
        return new DeliveredKey(manifest.KeyId, concluded.Value);
    }

    /// <summary>Reserves the pad, seals and posts one hop over <paramref name="link"/>, holding the link direction for the whole exchange.</summary>
    private async Task<Result<KxRelayAnswer>> SendHopAsync(RelayHeader header, LinkId link, KeyMaterial share, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate = _sendLocks.GetOrAdd((link, header.Receiver), static _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(_network.Timeout, cancellationToken).ConfigureAwait(false))
        {
            return Result<KxRelayAnswer>.Fail($"link '{link}' to '{header.Receiver}' stayed busy for {_network.Timeout.TotalSeconds:0.#} s.");
        }

        try
        {
            int padBytes = RelayEndpoint.PadBytes(share.Length);
            if (_pads.Stocked(link, header.Receiver, padBytes) == 0)
            {
                // the refill started when the stock ran low, or a new one (first hop, or after a flush)
                Result<int> provisioned = await RefillAsync(link, header.Receiver, padBytes).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!provisioned.IsSuccess && _pads.Stocked(link, header.Receiver, padBytes) == 0)
                {
                    return Result<KxRelayAnswer>.Fail($"no pad on link '{link}' ({provisioned.Error})");
                }
            }

            RelayResult<byte[]> sealedHop = _endpoint.Send(header, link, share.Span);
            if (!sealedHop.IsSuccess)
            {
                return Result<KxRelayAnswer>.Fail(sealedHop.Rejection!.ToString());
            }

            if (_pads.Stocked(link, header.Receiver, padBytes) <= RefillBelow)
            {
                _ = RefillAsync(link, header.Receiver, padBytes);
            }

            Counters.AddPadBits(padBytes * 8L);
            var request = new KxRelayRequest
            {
                Link = link.Value,
                Message = sealedHop.Value,
            };
            Result<KxRelayAnswer> answer = await _client.SendAsync(header.Receiver, request, header.Path.Count - 2 - header.HopIndex, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess && RelayClient.IsPadsOutOfSync(header.Receiver, answer.Error!))
            {
                // the peer lost the pads of this stock (it restarted): drop ours, so the next hop provisions afresh
                LogPadsFlushed(_logger, link.Value, header.Receiver.Value, _pads.Flush(link, header.Receiver));
            }

            return answer;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Provisions a batch of pads for keys of the default size (<see cref="PoolOptions.KeySizeBits"/>) towards every
    /// neighbour that has none stocked, so the first relay after start-up does not wait for provisioning at each hop.
    /// True when every neighbour has pads; false while some could not be provisioned yet (the pool still filling, the
    /// peer not up), which <see cref="RelayPadProvisioner"/> retries.
    /// </summary>
    public async Task<bool> ProvisionNeighboursAsync()
    {
        int padBytes = RelayEndpoint.PadBytes((_limits.Pool.KeySizeBits / 8) + RelayConfirmation.KeyBytes);
        bool all = true;
        foreach (PeerSettings peer in _node.Peers)
        {
            if (_node.LinkTo(peer.Id) is not { } link || _pads.Stocked(link.Id, peer.Id, padBytes) > 0)
            {
                continue;
            }

            Result<int> provisioned = await RefillAsync(link.Id, peer.Id, padBytes, StartupPads).ConfigureAwait(false);
            all &= provisioned.IsSuccess;
        }

        return all;
    }

    /// <summary>
    /// The batch of pads being provisioned towards <paramref name="peer"/>, or a new one when none is: at most one per link
    /// direction and pad size at a time, run apart from the hops (a hop's cancellation never cancels it; the Kx client's
    /// timeout bounds it). Never throws; a failure is the task's result.
    /// </summary>
    private Task<Result<int>> RefillAsync(LinkId link, KmeId peer, int padBytes, int count = PadsPerBatch)
    {
        lock (_refillsLock)
        {
            if (_refills.TryGetValue((link, peer, padBytes), out Task<Result<int>>? running) && !running.IsCompleted)
            {
                return running;
            }

            Task<Result<int>> refill = Task.Run(() => ProvisionAsync(link, peer, padBytes, count, CancellationToken.None));
            _refills[(link, peer, padBytes)] = refill;
            return refill;
        }
    }

    /// <summary>
    /// Reserves a batch of pads towards <paramref name="peer"/> and has the peer import them; stocks them only when it did
    /// (otherwise they are zeroed: key spent, never used). Runs from <see cref="RefillAsync"/>, one at a time per direction.
    /// </summary>
    private async Task<Result<int>> ProvisionAsync(LinkId link, KmeId peer, int padBytes, int count, CancellationToken cancellationToken)
    {
        var reserved = await _pads.ReserveBatchAsync(link, peer, padBytes, count, cancellationToken).ConfigureAwait(false);
        if (!reserved.IsSuccess)
        {
            return Result<int>.Fail(reserved.Error!);
        }

        (List<RelayPad> pads, ReservationDescriptor descriptor) = reserved.Value;
        Result<KxRelayPadsAnswer> answer = await _client.ProvisionAsync(peer, new KxRelayPads(link.Value, padBytes, KxReservationMapping.ToWire(descriptor)), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess || answer.Value.Pads != pads.Count)
        {
            foreach (RelayPad pad in pads)
            {
                pad.Dispose();
            }

            return Result<int>.Fail(answer.IsSuccess ? $"'{peer}' took {answer.Value.Pads} of {pads.Count} pads" : answer.Error!);
        }

        _pads.Stock(link, peer, padBytes, pads);
        return pads.Count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Task[] refills;
        lock (_refillsLock)
        {
            refills = [.. _refills.Values];
        }

        try
        {
            // a refill that ends after this would stock pads nobody zeroes
            Task.WaitAll(refills, _network.Timeout);
        }
        catch (AggregateException)
        {
            // a refill that failed stocked nothing
        }

        _pads.Dispose();
        _reassembler.Dispose();
        foreach (SemaphoreSlim gate in _sendLocks.Values)
        {
            gate.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayed key {KeyId} (relay {RelayId}) over {Route}; link key spent {CostBits} bits; {Milliseconds:0.###} ms.")]
    private static partial void LogRelayed(ILogger logger, Guid relayId, string keyId, string route, long costBits, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: {Peer} does not hold the pads stocked for it (restarted?); {Count} stocked pads zeroed, the next hop provisions new ones.")]
    private static partial void LogPadsFlushed(ILogger logger, string link, string peer, int count);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Critical, Message = "AUDIT ALARM relay {RelayId} (key {KeyId}) to {Destination} over {Route}: the destination's key confirmation does not match the key made here; a share or the manifest was changed on a path. The key was not handed out.")]
    private static partial void LogConfirmationFailed(ILogger logger, Guid relayId, string keyId, string destination, string route);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A relay to {Destination} failed; no key was handed out: {Reason}")]
    private static partial void LogRelayFailed(ILogger logger, string destination, string reason);
}
