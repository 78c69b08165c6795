using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QkdNet.Control.Routing;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Controller;
using QkdNet.Node.Etsi;
using QkdNet.Node.Kx;
using QkdNet.Node.Relay;
using QkdNet.Node.Security;
using QkdNet.Quantum;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Node.Network;

/// <summary>
/// Reports the health of the link sources this node runs to the controller every
/// <see cref="ControllerLink.ReportInterval"/> (one sample per block completed since the last report: QBER, key
/// rate, pool level, abort), and applies the routing snapshot the controller answers with to the relay's routing
/// table, so relays go around quarantined links. A controller that is down leaves the last snapshot in force.
/// </summary>
public sealed partial class ControllerReporter : BackgroundService
{
    private readonly NodeSettings _settings;
    private readonly ControllerLink _controller;
    private readonly IKeyStore _store;
    private readonly LinkRegistry _links;
    private readonly NodeRelay? _relay;
    private readonly SaeUsage? _usage;
    private readonly Dictionary<LinkId, string?> _drills = [];
    private readonly TimeProvider _time;
    private readonly ILogger<ControllerReporter> _logger;
    private readonly HttpClient _client;
    private readonly Dictionary<LinkId, (long Delivered, long Aborted)> _blocksSeen = [];
    private long _version = -1;
    private bool _reachable = true;
    private string? _quarantined;

    /// <summary>Creates the reporter of the node of <paramref name="settings"/> (which names a controller).</summary>
    public ControllerReporter(NodeSettings settings, TrustAnchor trust, IKeyStore store, LinkRegistry links, TimeProvider time, ILogger<ControllerReporter> logger, NodeRelay? relay = null,
        KeyDeliveryService? delivery = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _controller = settings.Network?.Controller ?? throw new ArgumentException("The node names no controller.", nameof(settings));
        _store = store;
        _links = links;
        _relay = relay;
        _usage = delivery?.Usage;
        _time = time;
        _logger = logger;
        _client = KxClient.Create(new PeerSettings(KmeId.Create(_controller.Name), _controller.Url, null, []), trust);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_controller.ReportInterval, _time);
        try
        {
            do
            {
                await ReportOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task ReportOnceAsync(CancellationToken cancellationToken)
    {
        var report = new NodeReport(_settings.KmeId.Value, NewSamples(), RelayActivity(_relay), SaeUsageOf(_usage),
            [.. _links.Simulated().Select(l => new EavesdropperDto(l.Link.Value, l.Eve?.ToString()))]);
        try
        {
            using HttpResponseMessage response = await _client.PostAsJsonAsync("controller/v1/reports", report, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Unreachable($"answered {(int)response.StatusCode}");
                return;
            }

            RoutingPush? push = await response.Content.ReadFromJsonAsync<RoutingPush>(cancellationToken).ConfigureAwait(false);
            if (!_reachable)
            {
                _reachable = true;
                LogReachable(_logger, _controller.Url.ToString());
            }

            if (push is not null && push.Version != _version)
            {
                Apply(push);
            }

            ApplyDrills(push?.Drills);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Unreachable(e.GetType().Name);
            }
        }
    }

    /// <summary>One sample per link source whose block count moved since the last report (a sample per completed block, not per tick, so recovery counts real blocks).</summary>
    private List<LinkSampleDto> NewSamples()
    {
        var samples = new List<LinkSampleDto>();
        foreach ((LinkId link, QkdModuleStatus status) in _links.Statuses())
        {
            (long delivered, long aborted) = _blocksSeen.GetValueOrDefault(link);
            if (status.BlocksDelivered == delivered && status.BlocksAborted == aborted)
            {
                continue;
            }

            bool wasAborted = status.BlocksAborted > aborted;
            _blocksSeen[link] = (status.BlocksDelivered, status.BlocksAborted);
            (long bits, long capacity) = PoolLevel(link);
            samples.Add(Sample(link, status, wasAborted, bits, capacity));
        }

        return samples;
    }

    /// <summary>
    /// The wire sample of a link's status. A QBER that is not a number goes as null, which the controller counts as
    /// above any threshold: a link with no estimate has not shown it is safe, so it must never look like 0 %.
    /// </summary>
    internal static LinkSampleDto Sample(LinkId link, QkdModuleStatus status, bool aborted, long poolBits, long poolCapacityBits) =>
        new(link.Value, status.Qber?.Fraction, status.SecretKeyRateBps, poolBits, poolCapacityBits,
            aborted, aborted ? status.LastAbortReason : null, status.AuthenticationFailed);

    /// <summary>The relay work of <paramref name="relay"/> on the wire, or null when the node relays nothing.</summary>
    internal static RelayActivityDto? RelayActivity(NodeRelay? relay) => relay is null ? null : new RelayActivityDto(
        relay.Keys.Counters.InFlight, relay.Keys.Counters.Originated, relay.Keys.Counters.OriginFailures,
        [.. relay.Keys.Counters.RecentRoutes().Select(r => new RecentRouteDto(r.At, r.Route))],
        relay.Keys.Counters.OriginatedOver().ToDictionary(kv => kv.Key.Value, kv => kv.Value, StringComparer.Ordinal));

    /// <summary>The keys each SAE of this node got, on the wire.</summary>
    internal static List<SaeUsageDto>? SaeUsageOf(SaeUsage? usage) =>
        usage is null ? null : [.. usage.Snapshot().Select(u => new SaeUsageDto(u.Sae.Value, u.KeysAsMaster, u.KeysAsSlave, u.Bits))];

    /// <summary>
    /// Puts the eavesdropper a development controller names on each simulated link this node runs, when it changed since
    /// the last push (so an attack switched at the node itself, by <c>link attack</c>, stands until the operator changes
    /// the drill). A node not marked development refuses every drill: a production link is never attacked on command.
    /// </summary>
    private void ApplyDrills(IReadOnlyList<EavesdropperDto>? drills)
    {
        foreach (EavesdropperDto drill in drills ?? [])
        {
            if (!LinkId.TryCreate(drill.Link, out LinkId link) || _drills.TryGetValue(link, out string? applied) && applied == drill.Eve)
            {
                continue;
            }

            _drills[link] = drill.Eve;
            if (!_settings.Development)
            {
                LogDrillRefused(_logger, link.Value);
                continue;
            }

            Eavesdropper? eve = null;
            if (drill.Eve is { } text)
            {
                Result<Eavesdropper> parsed = Eavesdropper.Parse(text);
                if (!parsed.IsSuccess)
                {
                    LogDrillFailed(_logger, link.Value, parsed.Error!);
                    continue;
                }

                eve = parsed.Value;
            }

            Result<bool> set = _links.SetEavesdropper(link, eve);
            if (set.IsSuccess)
            {
                LogDrill(_logger, link.Value, eve?.ToString() ?? "none");
            }
        }
    }

    private (long Bits, long Capacity) PoolLevel(LinkId link)
    {
        long bits = 0, capacity = 0;
        if (_settings.Links.FirstOrDefault(l => l.Id == link) is { } settings)
        {
            foreach (KmeId owner in new[] { _settings.KmeId, settings.Peer })
            {
                Result<PoolStatus, KeyStoreFailure> pool = _store.GetPoolStatus(LinkPools.PoolOf(link, owner));
                if (pool.IsSuccess)
                {
                    bits += pool.Value.AvailableBits;
                    capacity += pool.Value.Options.CapacityBits;
                }
            }
        }

        return (bits, Math.Max(capacity, 1));
    }

    private void Apply(RoutingPush push)
    {
        var states = new List<LinkState>(push.Links.Count);
        foreach (LinkStateDto s in push.Links)
        {
            if (LinkId.TryCreate(s.Link, out LinkId id))
            {
                states.Add(new LinkState(id, s.PoolFraction, s.SecretKeyRateBps, s.Quarantined));
            }
        }

        if (_relay is not null)
        {
            Result<NetworkSnapshot> applied = _relay.Routes.Update(states);
            if (!applied.IsSuccess)
            {
                LogRejectedPush(_logger, push.Version, applied.Error!);
                return;
            }
        }

        _version = push.Version;
        // a snapshot arrives with every report (seconds apart): only one that changes the quarantined set is news
        string quarantined = string.Join(",", states.Where(s => s.Quarantined).Select(s => s.Link.Value));
        if (quarantined != _quarantined)
        {
            _quarantined = quarantined;
            LogApplied(_logger, push.Version, quarantined);
        }
        else
        {
            LogAppliedUnchanged(_logger, push.Version, quarantined);
        }
    }

    private void Unreachable(string reason)
    {
        if (_reachable)
        {
            _reachable = false;
            LogUnreachable(_logger, _controller.Url.ToString(), reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing snapshot {Version} from the controller applied; quarantined links: [{Quarantined}].")]
    private static partial void LogApplied(ILogger logger, long version, string quarantined);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Routing snapshot {Version} from the controller applied; quarantined links unchanged: [{Quarantined}].")]
    private static partial void LogAppliedUnchanged(ILogger logger, long version, string quarantined);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing snapshot {Version} from the controller refused: {Reason}")]
    private static partial void LogRejectedPush(ILogger logger, long version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AUDIT link {Link}: eavesdropper set to {Eve} by the controller (an operator's attack drill).")]
    private static partial void LogDrill(ILogger logger, string link, string eve);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The controller's attack drill on link {Link} refused: this node is not marked development.")]
    private static partial void LogDrillRefused(ILogger logger, string link);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The controller's attack drill on link {Link} refused: {Reason}")]
    private static partial void LogDrillFailed(ILogger logger, string link, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The controller at {Url} is unreachable ({Reason}); relaying over the last routing snapshot.")]
    private static partial void LogUnreachable(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The controller at {Url} is reachable again.")]
    private static partial void LogReachable(ILogger logger, string url);
}
