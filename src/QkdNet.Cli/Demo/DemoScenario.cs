using System.Diagnostics;
using System.Globalization;
using QkdNet.Cli.Trade;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Node.Controller;
using QkdNet.Development.Demo;
using QkdNet.Development.Pki;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Session;

namespace QkdNet.Cli.Demo;

/// <summary>The demo's validated options.</summary>
/// <param name="Processes">Each server as its own process instead of all in this one.</param>
/// <param name="ReportDirectory">Where to write the HTML report, or null for a folder in the run's folder.</param>
/// <param name="Seed">Seed of the pseudo-data (orders, customers).</param>
/// <param name="PortBase">0: free ports the OS picks; otherwise consecutive ports from this one.</param>
/// <param name="RunDirectory">The run's own folder (certificates, stores), created and checked writable.</param>
/// <param name="Cli">The <c>qkdnet</c> command that <see cref="Processes"/> starts.</param>
internal sealed record DemoOptions(bool Processes, string? ReportDirectory, int Seed, int PortBase, string RunDirectory, string Cli);

/// <summary>
/// <c>qkdnet demo</c>'s scenario, after the finance test on the Tokyo QKD Network (Sasaki et al., Opt. Express 19,
/// 10387 (2011); the Nomura / NICT / Toshiba / NEC trading test and NICT's secure cloud, Fujiwara et al., Sci. Rep. 6,
/// 28988 (2016)), on an <see cref="EmbeddedNetwork"/>: (1) the links distil keys; (2) the investor sends FIX orders
/// to the broker under the one-time pad; (3) customer data is backed up as shares, two servers stop, the data is
/// restored; (4) an analyst computes statistics on shares and a query that would single out a customer is refused;
/// (5) an eavesdropper attacks a link carrying relayed keys, the controller quarantines it, relays reroute, orders go
/// on, the attack stops and the link recovers. Every component is the real one; only the quantum layer is simulated.
/// </summary>
internal sealed partial class DemoScenario : IAsyncDisposable
{
    /// <summary>The link attacked in step 5: on the investor's 2-hop route to the broker, with a 3-hop detour through Hakusan.</summary>
    public const string AttackedLink = "otemachi-hongo";

    /// <summary>Each link pool's high watermark, in bits.</summary>
    public const long PoolBits = 1L << 20;

    private const int Steps = 5;
    // a one-time pad spends about 2.6 kbit of key per order and its report, and every 8 kbit key relayed spends 8 kbit
    // of each link on its route: 2 orders a second is what the simulated links (sharing two cores with the rest of the
    // demo, and with whatever else the machine runs) keep up with over the 3-hop detour
    private const double OrdersPerSecond = 2;
    private const int ShareServers = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private readonly DemoOptions _options;
    private readonly DemoView _view;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private EmbeddedNetwork? _network;
    private NetworkRecorder? _recorder;
    private DemoOrders? _orders;
    private RelayTally _tradeMark;

    private DemoScenario(DemoOptions options, DemoView view)
    {
        _options = options;
        _view = view;
    }

    /// <summary>The running network (kept for <c>--dashboard</c> until disposed).</summary>
    public EmbeddedNetwork Network => _network ?? throw new InvalidOperationException("not started");

    /// <summary>What the run recorded (for the report).</summary>
    public NetworkRecorder Recorder => _recorder ?? throw new InvalidOperationException("not started");

    /// <summary>The order flow (for the report).</summary>
    public DemoOrders Orders => _orders ?? throw new InvalidOperationException("not started");

    /// <summary>When the attack began and ended, in the recorder's seconds (for the report).</summary>
    public (double? On, double? Off) AttackWindow { get; private set; }

    /// <summary>Writes the network into the run's folder and starts it; the caller disposes the scenario.</summary>
    public static async Task<DemoScenario> StartAsync(DemoOptions options, NetworkTopology tokyo, DemoView view, CancellationToken cancellationToken)
    {
        var scenario = new DemoScenario(options, view);
        try
        {
            DemoDeployment deployment = DemoDeployment.Write(options.RunDirectory, tokyo, ShareServers, PoolBits, options.PortBase);
            view.Line(string.Create(CultureInfo.InvariantCulture,
                $"demo: {deployment.Topology.Nodes.Count} nodes, {deployment.Topology.Links.Count} links, a controller and {ShareServers} share servers {(options.Processes ? "as processes" : "in this process")}; files in {options.RunDirectory}"));
            scenario._network = await EmbeddedNetwork.StartAsync(deployment, options.Processes ? options.Cli : null, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            scenario._recorder = new NetworkRecorder(scenario._network);
            view.Watch(scenario.Links);
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the five steps and returns the summary.</summary>
    public async Task<DemoSummary> RunAsync(CancellationToken cancellationToken)
    {
        _step = 1;
        await _view.StepAsync(1, Steps, "links distil keys (decoy BB84 simulated with each link's published preset; time compressed)", update => DistilAsync(update, cancellationToken)).ConfigureAwait(false);
        ShowLinks("links after distillation");
        _step = 2;
        await _view.StepAsync(2, Steps, "the investor at Koganei sends FIX orders to the broker at Hongo under the one-time pad (key relayed through Otemachi)", update => TradeAsync(update, cancellationToken)).ConfigureAwait(false);
        _step = 3;
        DemoCloud cloud = await _view.StepAsync(3, Steps, $"the bank at Otemachi backs customer data up as 3-of-{ShareServers} shares on the Hakusan data servers; two servers stop; the data is restored", update => BackUpAsync(update, cancellationToken)).ConfigureAwait(false);
        _step = 4;
        DemoStatistics stats = await _view.StepAsync(4, Steps, "an analyst computes statistics on the shares; a query that would single out a customer is refused", update => AnalyseAsync(update, cancellationToken)).ConfigureAwait(false);
        _step = 5;
        AttackOutcome attack = await _view.StepAsync(5, Steps, $"an eavesdropper attacks {AttackedLink} while orders flow", update => AttackAsync(update, cancellationToken)).ConfigureAwait(false);
        return Summarise(cloud, stats, attack);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_orders is not null)
        {
            await _orders.Link.DisposeAsync().ConfigureAwait(false);
        }

        if (_recorder is not null)
        {
            await _recorder.DisposeAsync().ConfigureAwait(false);
        }

        if (_network is not null)
        {
            await _network.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Step 1: waits until every link has delivered two blocks (enough for the first orders' keys; the pools go on filling).</summary>
    private async Task<bool> DistilAsync(Action<string> update, CancellationToken cancellationToken)
    {
        DateTime until = DateTime.UtcNow + Patience;
        while (true)
        {
            HealthView? health = await Recorder.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (health is not null && health.Links.Count > 0)
            {
                update(string.Join(", ", health.Links.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Id} {l.Samples - l.AbortedBlocks} blocks, pool {PoolPercent(l):F0} %"))));
                if (health.Links.All(l => l.Samples - l.AbortedBlocks >= 2 && PoolPercent(l) >= 15))
                {
                    return true;
                }
            }

            if (DateTime.UtcNow > until)
            {
                // a slow machine: go on with what the pools hold; the orders fall back to AES if they run dry
                update("pools still filling; going on");
                return false;
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Step 2: connects investor and broker (keys fetched ahead from their KMEs) and sends a burst of orders.</summary>
    private async Task<bool> TradeAsync(Action<string> update, CancellationToken cancellationToken)
    {
        DevelopmentRelayNetwork net = Network.Deployment.Network;
        // policy aes: were the relayed key to run dry, AES-256-GCM keyed from QKD keys carries the orders (and it is counted)
        var endpoint = new TradeEndpointOptions
        {
            Channel = new ChannelOptions { Policy = FallbackPolicy.Aes },
            // few keys held ahead: a buffer that hoards drains the link pools the relays need
            Keys = new KeyBufferOptions { KeySizeBits = 8192, MinKeys = 2, MaxKeys = 4 },
        };
        var link = new QkdLink(
            EtsiClients.Connection(net.UrlOf(DemoDeployment.InvestorNode), net.Pki, DemoDeployment.Investor, DemoDeployment.InvestorNode),
            EtsiClients.Connection(net.UrlOf(DemoDeployment.BrokerNode), net.Pki, DemoDeployment.Broker, DemoDeployment.BrokerNode),
            SaeId.Create(DemoDeployment.Investor), SaeId.Create(DemoDeployment.Broker), endpoint, endpoint, refill: true);
        _orders = new DemoOrders(link, OrderFlow.Create(5_000, 0, _options.Seed, DateTime.UtcNow), TimeProvider.System);
        _tradeMark = await TallyAsync(cancellationToken).ConfigureAwait(false);
        update("fetching the first keys (relayed Koganei -> Otemachi -> Hongo) and connecting");
        await WithinAsync(_orders.StartAsync(cancellationToken), TimeSpan.FromSeconds(90), "the investor's and the broker's first keys (relayed Koganei -> Otemachi -> Hongo) and their connection", cancellationToken).ConfigureAwait(false);
        update(string.Create(CultureInfo.InvariantCulture, $"sending 20 orders at {OrdersPerSecond:F0}/s"));
        // 10 s of schedule, and room for orders that wait for key
        await WithinAsync(_orders.SendAsync(20, OrdersPerSecond, cancellationToken), TimeSpan.FromSeconds(70), "sending 20 orders (each waits for key from its KME)", cancellationToken).ConfigureAwait(false);
        await _orders.DrainAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
        LatencySummary l = _orders.Latency;
        DemoKeyUse keys = KeyUse();
        _view.Table("orders", ["orders answered", "round trip p50", "p99", "max", "one-time pad / AES messages", "key per order"],
        [[
            string.Create(CultureInfo.InvariantCulture, $"{_orders.Answered} of {_orders.Sent}"), Micros(l.P50), Micros(l.P99), Micros(l.Max),
            string.Create(CultureInfo.InvariantCulture, $"{keys.OneTimePadMessages} / {keys.AesMessages}"), string.Create(CultureInfo.InvariantCulture, $"{keys.KeyBitsPerOrder:N0} bits"),
        ]]);
        return true;
    }

    private DemoKeyUse KeyUse()
    {
        ChannelCounters investor = Orders.Link.Investor.Session.Sent, broker = Orders.Link.Broker.Session.Sent;
        long answered = Math.Max(1, Orders.Answered);
        return new DemoKeyUse(investor.OneTimePadMessages + broker.OneTimePadMessages, investor.AesMessages + broker.AesMessages,
            Math.Round((investor.KeyBitsUsed + broker.KeyBitsUsed) / (double)answered, 1));
    }

    private DemoTradeFaults Faults()
    {
        TradeEndpoint investor = Orders.Link.Investor, broker = Orders.Link.Broker;
        return new DemoTradeFaults(Orders.Sent - Orders.Answered, investor.Session.Received.Rejected + broker.Session.Received.Rejected,
            investor.Session.Sent.Refused + broker.Session.Sent.Refused, investor.FetchFailures + broker.FetchFailures);
    }

    private void ShowLinks(string title) => _view.Table(title, ["link", "system", "fibre", "state", "QBER", "secret key rate", "pool", "blocks"],
        [.. Links().Select(l => (IReadOnlyList<string>)
        [
            l.Id, l.Preset, string.Create(CultureInfo.InvariantCulture, $"{l.FibreKm:0.#} km"), l.State, l.Qber is { } q ? string.Create(CultureInfo.InvariantCulture, $"{q * 100:F2} %") : "-",
            string.Create(CultureInfo.InvariantCulture, $"{l.SecretKeyRateBps / 1000:F1} kbit/s"), string.Create(CultureInfo.InvariantCulture, $"{l.PoolFraction * 100:F0} %"),
            string.Create(CultureInfo.InvariantCulture, $"{l.Blocks} ({l.AbortedBlocks} aborted)"),
        ])]);

    /// <summary>Each link now: its physics from the topology, its health from the controller (pool as a fraction of the high watermark).</summary>
    private List<DemoLink> Links()
    {
        NetworkTopology topology = Network.Deployment.Topology;
        return [.. topology.Links.Select(t =>
        {
            LinkView? v = Recorder.Link(t.Id.Value);
            return new DemoLink(t.Id.Value, t.Physics.Preset, t.Physics.LengthKm, v?.State ?? "unknown", v?.Qber, Math.Round(v?.SecretKeyRateBps ?? 0), v is null ? 0 : Math.Round(PoolPercent(v) / 100, 3),
                v?.Samples ?? 0, v?.AbortedBlocks ?? 0);
        })];
    }

    /// <summary>A pool's level as a percentage of its high watermark (the controller reports it as a fraction of the store's capacity).</summary>
    internal static double PoolPercent(LinkView link) => PoolPercent(link.PoolFraction);

    /// <summary>A fraction of the store's capacity as a percentage of the high watermark.</summary>
    internal static double PoolPercent(double fractionOfCapacity) => fractionOfCapacity * DemoDeployment.CapacityBits(PoolBits) / PoolBits * 100;

    private static string Micros(double us) => double.IsFinite(us) ? string.Create(CultureInfo.InvariantCulture, $"{us / 1000:F1} ms") : "-";

    private DemoSummary Summarise(DemoCloud cloud, DemoStatistics stats, AttackOutcome attack)
    {
        _view.Line(string.Empty);
        ShowLinks("links at the end");
        return new DemoSummary(
            _options.Processes ? "processes" : "in-process",
            _options.Seed,
            Links(),
            Orders.Answered,
            Orders.Sent,
            Faults(),
            Orders.Latency,
            KeyUse(),
            cloud.Restored,
            cloud,
            stats.MatchesCleartext && stats.SinglingOutRefused,
            stats,
            AttackedLink,
            attack.DetectedSeconds,
            attack.RelaysOverLinkBefore,
            attack.Rerouted,
            attack.OrdersDuringAttack,
            attack.RecoverySeconds is not null,
            attack.RecoverySeconds,
            Math.Round(_clock.Elapsed.TotalSeconds, 1),
            "compressed: each link simulates its pulses as fast as this machine's cores allow (GYS links about 100 times real time, the GHz link about real time), so pools fill in seconds; rates are the links' own (per second of link time)",
            null,
            _options.RunDirectory);
    }
}
