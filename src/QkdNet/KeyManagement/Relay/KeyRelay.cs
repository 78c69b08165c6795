using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// Key relay across trusted nodes at one KME (ITU-T Y.3803 key relay): as origin it makes a key with
/// <see cref="RandomNumberGenerator"/>, takes its paths from the route source (one path, or XOR shares over
/// node-disjoint paths) and sends it hop by hop, one-time padded with each link's key (<see cref="RelayEndpoint"/>);
/// as an intermediate node it opens and re-seals a share; as destination it recombines the shares
/// (<see cref="RelayReassembler"/>) and stores the key for the slave SAEs so that <c>dec_keys</c> serves it under the
/// same key ID. The routes, the transport to the neighbours and the pads are injected: the host wires them (Kx over
/// HTTPS, the control layer's routing table, the node's key store), a test wires them in memory. Sends over one link
/// direction are serialised, so the receiver sees its sequence numbers in order. Thread-safe.
/// </summary>
public sealed partial class KeyRelay : IDisposable
{
    private readonly KeyRelayOptions _options;
    private readonly IRelayRouteSource _routes;
    private readonly IRelayHopTransport _transport;
    private readonly StoreRelayPads _pads;
    private readonly IKeyStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<KeyRelay> _logger;
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

    /// <summary>The relay of the KME <see cref="KeyRelayOptions.Self"/>.</summary>
    /// <param name="options">Who this KME is, its neighbours, and how to relay.</param>
    /// <param name="routes">Where paths come from.</param>
    /// <param name="transport">How hops and pad batches reach the neighbours.</param>
    /// <param name="pads">The pads of this KME's links (over <paramref name="store"/>); not owned: the caller disposes it after this relay.</param>
    /// <param name="store">Where a relayed key is stored at its destination.</param>
    /// <param name="time">The clock of expiries and timeouts.</param>
    /// <param name="logger">Where relay events and audit refusals are logged (IDs and reasons, never key bytes).</param>
    public KeyRelay(KeyRelayOptions options, IRelayRouteSource routes, IRelayHopTransport transport, StoreRelayPads pads, IKeyStore store, TimeProvider time, ILogger<KeyRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Paths, 1, nameof(options));
        _options = options;
        _routes = routes;
        _transport = transport;
        _pads = pads;
        _store = store;
        _time = time;
        _logger = logger;
        _endpoint = new RelayEndpoint(options.Self, pads);
        _reassembler = new RelayReassembler(options.Self, options.Timeout, time, options.Paths);
    }

    /// <summary>Totals for <c>/metrics</c>.</summary>
    public RelayCounters Counters { get; } = new();

    /// <summary>Pads stocked towards each neighbour, ready for hops (<see cref="StoreRelayPads.StockLevels"/>).</summary>
    public IReadOnlyList<(LinkId Link, KmeId Peer, int Pads)> StockedPads() => _pads.StockLevels();

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
        Result<IReadOnlyList<RelayPath>> found = _routes.FindPaths(_options.Self, destination, _options.Paths);
        if (!found.IsSuccess)
        {
            return Result<DeliveredKey>.Fail(found.Error!);
        }

        IReadOnlyList<RelayPath> paths = found.Value;
        Result<RelayManifest> made = RelayManifest.Create(Guid.NewGuid(), KeyId.New(), sizeBits / 8, [.. paths.Select(p => p.Nodes)],
            master, slaves, _time.GetUtcNow() + _options.KeyLifetime);
        if (!made.IsSuccess)
        {
            return Result<DeliveredKey>.Fail($"cannot relay to '{destination}': {made.Error}");
        }

        RelayManifest manifest = made.Value;
        using var origin = new RelayOrigin(manifest);
        long started = _time.GetTimestamp();
        var sends = new Task<RelayHopReply>[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            sends[i] = SendHopAsync(origin.FirstHop(i), paths[i].Links[0], origin.Share(i), cancellationToken);
        }

        RelayHopReply[] answers = await Task.WhenAll(sends).ConfigureAwait(false);
        if (answers.FirstOrDefault(a => !a.IsSuccess) is { Error: { } error })
        {
            return Result<DeliveredKey>.Fail($"relay {manifest.RelayId} failed: {error}");
        }

        Result<KeyMaterial, RelayRejection> concluded = origin.Conclude([.. answers.Select(a => a.Answer)]);
        if (!concluded.IsSuccess)
        {
            if (concluded.Error!.Reason == RelayRejectionReason.ConfirmationFailed)
            {
                Counters.AddConfirmationFailure();
                LogConfirmationFailed(_logger, manifest.RelayId, manifest.KeyId.ToString(), destination.Value, string.Join(" | ", paths));
            }

            return Result<DeliveredKey>.Fail($"relay {manifest.RelayId}: {concluded.Error.Detail} No key was handed out.");
        }

        Counters.AddOriginated();
        Counters.AddOriginatedOver(paths.SelectMany(p => p.Links));
        var taken = new RelayedKeyRoute(manifest.KeyId, paths, RelayEndpoint.PadBytes(manifest.SecretBytes) * 8);
        routesTaken.Add(taken);
        Counters.AddRoute(_time.GetUtcNow(), string.Join(" | ", paths));
        LogRelayed(_logger, manifest.RelayId, manifest.KeyId.ToString(), string.Join(" | ", paths), taken.LinkKeyBits, _time.GetElapsedTime(started).TotalMilliseconds);
        return new DeliveredKey(manifest.KeyId, concluded.Value);
    }

    /// <summary>Reserves the pad, seals and posts one hop over <paramref name="link"/>, holding the link direction for the whole exchange.</summary>
    private async Task<RelayHopReply> SendHopAsync(RelayHeader header, LinkId link, KeyMaterial share, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate = _sendLocks.GetOrAdd((link, header.Receiver), static _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false))
        {
            return RelayHopReply.Failed($"link '{link}' to '{header.Receiver}' stayed busy for {_options.Timeout.TotalSeconds:0.#} s.");
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
                    return RelayHopReply.Failed($"no pad on link '{link}' ({provisioned.Error})");
                }
            }

            Result<byte[], RelayRejection> sealedHop = _endpoint.Send(header, link, share.Span);
            if (!sealedHop.IsSuccess)
            {
                return RelayHopReply.Failed(sealedHop.Error!.ToString());
            }

            if (_pads.Stocked(link, header.Receiver, padBytes) <= RefillBelow)
            {
                _ = RefillAsync(link, header.Receiver, padBytes);
            }

            Counters.AddPadBits(padBytes * 8L);
            RelayHopReply answer = await _transport.SendAsync(header.Receiver, link, sealedHop.Value, header.Path.Count - 2 - header.HopIndex, cancellationToken).ConfigureAwait(false);
            if (answer.PadsOutOfSync)
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
    /// Provisions a batch of pads for keys of the default size (<see cref="KeyRelayOptions.DefaultKeySizeBits"/>) towards every
    /// neighbour that has none stocked, so the first relay after start-up does not wait for provisioning at each hop.
    /// True when every neighbour has pads; false while some could not be provisioned yet (the pool still filling, the
    /// peer not up), which the host retries.
    /// </summary>
    public async Task<bool> ProvisionNeighboursAsync()
    {
        int padBytes = RelayEndpoint.PadBytes((_options.DefaultKeySizeBits / 8) + RelayConfirmation.KeyBytes);
        bool all = true;
        foreach ((KmeId peer, LinkId link) in _options.Neighbours)
        {
            if (_pads.Stocked(link, peer, padBytes) > 0)
            {
                continue;
            }

            Result<int> provisioned = await RefillAsync(link, peer, padBytes, StartupPads).ConfigureAwait(false);
            all &= provisioned.IsSuccess;
        }

        return all;
    }

    /// <summary>
    /// The batch of pads being provisioned towards <paramref name="peer"/>, or a new one when none is: at most one per link
    /// direction and pad size at a time, run apart from the hops (a hop's cancellation never cancels it; the transport's
    /// deadline bounds it). Never throws; a failure is the task's result.
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
        Result<int> answer = await _transport.ProvisionPadsAsync(peer, link, padBytes, descriptor, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess || answer.Value != pads.Count)
        {
            foreach (RelayPad pad in pads)
            {
                pad.Dispose();
            }

            return Result<int>.Fail(answer.IsSuccess ? $"'{peer}' took {answer.Value} of {pads.Count} pads" : answer.Error!);
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
            // a refill that ends after this would stock pads nobody zeroes (the owner disposes the pads after this)
            Task.WaitAll(refills, _options.Timeout);
        }
        catch (AggregateException)
        {
            // a refill that failed stocked nothing
        }

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
