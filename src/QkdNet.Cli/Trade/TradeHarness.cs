using System.Diagnostics;
using System.Globalization;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Session;

namespace QkdNet.Cli.Trade;

/// <summary>
/// <c>qkdnet trade</c> end to end: the order flow, the development network with pools filled for the run, the
/// one-time-pad run under the chosen policy, then the same orders over AES-GCM with QKD keys, plain TCP and TLS 1.3,
/// and the report. Everything started is torn down on the way out, also on Ctrl-C or failure.
/// </summary>
internal static class TradeHarness
{
    /// <summary>The order generator's seed (every run carries the same orders).</summary>
    public const int Seed = 20261203;

    public static async Task<TradeReport> RunAsync(TradeOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        TradeLevers levers = options.Levers ?? TradeLevers.Default;
        System.Runtime.GCLatencyMode gcBefore = levers.ApplyGc();
        try
        {
            return await RunLinksAsync(options, levers, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            System.Runtime.GCSettings.LatencyMode = gcBefore;
        }
    }

    private static async Task<TradeReport> RunLinksAsync(TradeOptions options, TradeLevers levers, TextWriter progress, CancellationToken cancellationToken)
    {
        TimeProvider time = TimeProvider.System;
        // a second of orders (at most 10,000) before each link's measured ones: a tenth of a second was too short for the
        // JIT to finish promoting the hot path, whose compilations then ran during the measured orders
        int warmup = (int)Math.Min(options.RatePerSecond, 10_000);
        OrderFlow flow = OrderFlow.Create(options.Orders, warmup, Seed, DateTime.UtcNow);
        var orderKeys = new TradeKeyPlan(flow.Messages.Length, flow.LongestOrderBytes, options.KeySizeBits);
        var reportKeys = new TradeKeyPlan(flow.Messages.Length, flow.LongestReportBytes, options.KeySizeBits);
        // one pool per link serves both directions; a relayed key also passes through the pools of the hops between
        long poolBits = (orderKeys.Bits + reportKeys.Bits) * 6 / 5;
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"trade: {options.Orders:N0} orders (+{warmup:N0} warm-up) at {options.RatePerSecond:N0}/s, policy {options.Policy.ToString().ToLowerInvariant()}, {options.Hops} hop(s); filling pools of {poolBits / 1e6:F0} Mbit")).ConfigureAwait(false);

        using TradeNetwork network = TradeNetwork.Start(options.Hops, poolBits, options.Pbkdf2Iterations);
        TradeEndpointOptions otp = EndpointOptions(options.Policy, aesOnly: false, orderKeys.Keys, options.KeySizeBits);
        TradeEndpointOptions brokerOtp = otp with { Keys = otp.Keys with { MinKeys = reportKeys.Keys, MaxKeys = reportKeys.Keys } };
        double fillSeconds = double.NaN;
        var fill = new Stopwatch();
        await using var qkd = new QkdLink(network.Investor, network.Broker, SaeId.Create(TradeNetwork.InvestorSae), SaeId.Create(TradeNetwork.BrokerSae), otp, brokerOtp, () =>
        {
            fillSeconds = fill.Elapsed.TotalSeconds;
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trade: pools filled and keys exchanged in {fillSeconds:F1} s; waiting for the KMEs to top their pools up again"));
        }, token => PoolsSettledAsync(network, token))
        {
            RefillDuringRun = options.KillBrokerKmeAfter is not null,
            ReceiveThreads = levers.ReceiveThreads,
            ReceiveThreadStarting = levers.ThreadStarting,
        };
        await WaitForKmesAsync(network, cancellationToken).ConfigureAwait(false);
        // from the KMEs answering (their start-up, unsealing the stores, is not key supply) to the keys fetched by both ends
        fill.Restart();
        IOrderLink otpLink = options.KillBrokerKmeAfter is { } killAt
            ? new FaultDrillLink(qkd, warmup + killAt, () =>
            {
                network.KillBrokerKme();
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trade: fault drill: the broker's KME was killed after {killAt:N0} measured orders"));
            })
            : qkd;
        LinkResult otpResult = await LinkMeasurement.RunAsync(otpLink, flow, options.RatePerSecond, time, cancellationToken, network.KmeProcessorTime, progress, levers.ThreadStarting, TimeSpan.FromMicroseconds(levers.PacerSpinMicroseconds)).ConfigureAwait(false);

        LinkResult aesResult = new(new LatencySummary(double.NaN, double.NaN, double.NaN, double.NaN, 0), 0);
        if (options.KillBrokerKmeAfter is null)
        {
            // after a fault drill the broker's KME is gone, so the AES-GCM comparison (keyed from it) is not run
            TradeEndpointOptions aes = EndpointOptions(FallbackPolicy.Aes, aesOnly: true, TradeKeyPlan.SpareKeys, options.KeySizeBits);
            // its keys are drawn from the pools as it starts: the links refill them before its orders are measured
            await using var aesLink = new QkdLink(network.Investor, network.Broker, SaeId.Create(TradeNetwork.InvestorSae), SaeId.Create(TradeNetwork.BrokerSae), aes, aes,
                settle: token => PoolsSettledAsync(network, token))
            {
                ReceiveThreads = levers.ReceiveThreads,
                ReceiveThreadStarting = levers.ThreadStarting,
            };
            aesResult = await LinkMeasurement.RunAsync(aesLink, flow, options.RatePerSecond, time, cancellationToken, network.KmeProcessorTime, progress, levers.ThreadStarting, TimeSpan.FromMicroseconds(levers.PacerSpinMicroseconds)).ConfigureAwait(false);
        }

        LinkResult plain;
        await using (var plainLink = new PlainLink(tls: false, levers.ReceiveThreads, levers.ThreadStarting))
        {
            plain = await LinkMeasurement.RunAsync(plainLink, flow, options.RatePerSecond, time, cancellationToken, network.KmeProcessorTime, progress, levers.ThreadStarting, TimeSpan.FromMicroseconds(levers.PacerSpinMicroseconds)).ConfigureAwait(false);
        }

        LinkResult tls;
        await using (var tlsLink = new PlainLink(tls: true, levers.ReceiveThreads, levers.ThreadStarting))
        {
            tls = await LinkMeasurement.RunAsync(tlsLink, flow, options.RatePerSecond, time, cancellationToken, network.KmeProcessorTime, progress, levers.ThreadStarting, TimeSpan.FromMicroseconds(levers.PacerSpinMicroseconds)).ConfigureAwait(false);
        }

        return Report(options, levers, flow, qkd, otpResult, aesResult, plain, tls, orderKeys.Bits + reportKeys.Bits, fillSeconds);
    }

    private static TradeEndpointOptions EndpointOptions(FallbackPolicy policy, bool aesOnly, int keys, int keySizeBits) => new()
    {
        Channel = new ChannelOptions { Policy = policy },
        AesOnly = aesOnly,
        Keys = new KeyBufferOptions { KeySizeBits = keySizeBits, MinKeys = keys, MaxKeys = Math.Max(keys, 64) },
    };

    private static TradeReport Report(TradeOptions options, TradeLevers levers, OrderFlow flow, QkdLink qkd, LinkResult otp, LinkResult aes, LinkResult plain, LinkResult tls, long poolBits, double fillSeconds)
    {
        ChannelCounters investorSent = qkd.Investor.Session.Sent, brokerSent = qkd.Broker.Session.Sent;
        long messages = flow.Messages.Length;
        // all orders (warm-up too) drew key, so the budget is per order sent
        double bitsPerOrder = (investorSent.KeyBitsUsed + brokerSent.KeyBitsUsed) / (double)messages;
        double drawnPerOrder = (qkd.Investor.KeyBitsDrawn + qkd.Broker.KeyBitsDrawn) / (double)messages;
        double needed = drawnPerOrder * options.RatePerSecond;
        double supplied = fillSeconds > 0 ? poolBits / fillSeconds : double.NaN;
        return new TradeReport(
            options.Orders,
            otp.Latency.Count,
            otp.Failed,
            options.RatePerSecond,
            options.Policy.ToString().ToLowerInvariant(),
            options.Hops,
            otp.Latency,
            new TradeModes(investorSent.OneTimePadMessages + brokerSent.OneTimePadMessages, investorSent.AesMessages + brokerSent.AesMessages),
            Math.Round(bitsPerOrder, 1),
            Math.Round(drawnPerOrder, 1),
            Math.Round(needed),
            Math.Round(supplied),
            new TradePool(poolBits, Math.Round(fillSeconds, 2), Math.Round(poolBits / needed, 2), "random-source development links (no physics): the rate is how fast the development KMEs made and stored key on this machine, not a QKD link's (kbit/s to a few Mbit/s)"),
            new TradeFaults(
                qkd.Investor.Session.Received.Rejected + qkd.Broker.Session.Received.Rejected,
                investorSent.Refused + brokerSent.Refused,
                qkd.Investor.FetchFailures + qkd.Broker.FetchFailures - qkd.FetchFailuresBeforeRun,
                qkd.InvestorApplication.Reconnects,
                options.KillBrokerKmeAfter),
            new TradeComparison(plain.Latency, tls.Latency, aes.Latency, Math.Round(otp.Latency.P999 / tls.Latency.P999, 3)),
            "latency from each order's intended send time (open loop) to its execution report, measured after each link's own warm-up block at the same rate (warmup_orders, not recorded); key bits per order count pad and tag key of the order and its report; drawn counts whole keys, tails too short for a message wasted",
            new TradeCost(otp.Cost, aes.Cost, plain.Cost, tls.Cost),
            flow.Warmup,
            TradeRuntimeTuning.Current() with
            {
                Receive = levers.ReceiveThreads ? "threads" : "async",
                Scheduling = ThreadScheduling.Describe(),
                GcLatencyMode = System.Runtime.GCSettings.LatencyMode.ToString(),
                PinnedCpu = levers.PinnedCpu,
                PacerSpinUs = levers.PacerSpinMicroseconds,
            });
    }

    /// <summary>
    /// Waits (at most 15 minutes) until the links have stopped making key: the key counts of both directions' pools (the
    /// investor's KME towards the broker, the broker's towards the investor) unchanged over two seconds, and the KME
    /// processes together using under 5 % of a core meanwhile. Every draw (the pre-fill, the AES-GCM link's keys) sends
    /// the links back to work until their feeders see the pools at the high watermark, and that work would otherwise
    /// share the two cores with the measured flow (<c>kme_cpu_us_per_order</c> in the report shows what is left). One
    /// direction's count alone is not enough: a feeder fills the emptier pool first, so the other can stand still while
    /// it works. The master's count is not compared with the high watermark either: the feeder decides from its own
    /// store's copies, which can differ from the master's by keys handed out.
    /// </summary>
    private static async Task PoolsSettledAsync(TradeNetwork network, CancellationToken cancellationToken)
    {
        using EtsiKeyDeliveryClient investor = EtsiKeyDeliveryClient.Create(network.Investor);
        using EtsiKeyDeliveryClient broker = EtsiKeyDeliveryClient.Create(network.Broker);
        var counts = new List<(long, long)>();
        TimeSpan cpu = network.KmeProcessorTime();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(15))
        {
            Result<KmeStatus, KeyDeliveryError> a = await investor.GetStatusAsync(SaeId.Create(TradeNetwork.BrokerSae), cancellationToken).ConfigureAwait(false);
            Result<KmeStatus, KeyDeliveryError> b = await broker.GetStatusAsync(SaeId.Create(TradeNetwork.InvestorSae), cancellationToken).ConfigureAwait(false);
            TimeSpan cpuNow = network.KmeProcessorTime();
            bool idle = cpuNow - cpu < TimeSpan.FromMilliseconds(50);
            cpu = cpuNow;
            counts.Add(a.IsSuccess && b.IsSuccess ? (a.Value.StoredKeyCount, b.Value.StoredKeyCount) : (-1, -1));
            if (counts.Count >= 3 && counts[^1].Item1 >= 0 && counts[^1] == counts[^2] && counts[^2] == counts[^3] && idle)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every KME answers, or fails with the one that exited.</summary>
    private static async Task WaitForKmesAsync(TradeNetwork network, CancellationToken cancellationToken)
    {
        using EtsiKeyDeliveryClient investor = EtsiKeyDeliveryClient.Create(network.Investor);
        using EtsiKeyDeliveryClient broker = EtsiKeyDeliveryClient.Create(network.Broker);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (network.ExitedNode() is { } exited)
            {
                throw new UsageException("a KME of the development network exited: " + exited);
            }

            Result<KmeStatus, KeyDeliveryError> a = await investor.GetStatusAsync(SaeId.Create(TradeNetwork.BrokerSae), cancellationToken).ConfigureAwait(false);
            Result<KmeStatus, KeyDeliveryError> b = await broker.GetStatusAsync(SaeId.Create(TradeNetwork.InvestorSae), cancellationToken).ConfigureAwait(false);
            if (a.IsSuccess && b.IsSuccess)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new UsageException("the development KMEs did not answer within 2 minutes: " + (a.Error ?? b.Error)!.Message);
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The options of <c>qkdnet trade</c>, validated; <c>KillBrokerKmeAfter</c> is the fault drill's order count (kill the
/// broker's KME after that many measured orders), null for no drill; <c>Levers</c> the latency-tail levers (null: all on).
/// </summary>
internal sealed record TradeOptions(int Orders, double RatePerSecond, FallbackPolicy Policy, int Hops, int KeySizeBits = 8192, int Pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations, int? KillBrokerKmeAfter = null,
    TradeLevers? Levers = null);
