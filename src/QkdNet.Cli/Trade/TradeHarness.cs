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
        TimeProvider time = TimeProvider.System;
        int warmup = (int)Math.Min(Math.Min(options.RatePerSecond, 10_000), Math.Max(100, options.Orders / 10));
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
        }, token => PoolsSettledAsync(network, token)) { RefillDuringRun = options.KillBrokerKmeAfter is not null };
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
        LinkResult otpResult = await LinkMeasurement.RunAsync(otpLink, flow, options.RatePerSecond, time, cancellationToken).ConfigureAwait(false);

        LinkResult aesResult = new(new LatencySummary(double.NaN, double.NaN, double.NaN, double.NaN, 0), 0);
        if (options.KillBrokerKmeAfter is null)
        {
            // after a fault drill the broker's KME is gone, so the AES-GCM comparison (keyed from it) is not run
            TradeEndpointOptions aes = EndpointOptions(FallbackPolicy.Aes, aesOnly: true, TradeKeyPlan.SpareKeys, options.KeySizeBits);
            await using var aesLink = new QkdLink(network.Investor, network.Broker, SaeId.Create(TradeNetwork.InvestorSae), SaeId.Create(TradeNetwork.BrokerSae), aes, aes);
            aesResult = await LinkMeasurement.RunAsync(aesLink, flow, options.RatePerSecond, time, cancellationToken).ConfigureAwait(false);
        }

        LinkResult plain;
        await using (var plainLink = new PlainLink(tls: false))
        {
            plain = await LinkMeasurement.RunAsync(plainLink, flow, options.RatePerSecond, time, cancellationToken).ConfigureAwait(false);
        }

        LinkResult tls;
        await using (var tlsLink = new PlainLink(tls: true))
        {
            tls = await LinkMeasurement.RunAsync(tlsLink, flow, options.RatePerSecond, time, cancellationToken).ConfigureAwait(false);
        }

        return Report(options, flow, qkd, otpResult, aesResult, plain, tls, orderKeys.Bits + reportKeys.Bits, fillSeconds);
    }

    private static TradeEndpointOptions EndpointOptions(FallbackPolicy policy, bool aesOnly, int keys, int keySizeBits) => new()
    {
        Channel = new ChannelOptions { Policy = policy },
        AesOnly = aesOnly,
        Keys = new KeyBufferOptions { KeySizeBits = keySizeBits, MinKeys = keys, MaxKeys = Math.Max(keys, 64) },
    };

    private static TradeReport Report(TradeOptions options, OrderFlow flow, QkdLink qkd, LinkResult otp, LinkResult aes, LinkResult plain, LinkResult tls, long poolBits, double fillSeconds)
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
            "latency from each order's intended send time (open loop) to its execution report; key bits per order count pad and tag key of the order and its report; drawn counts whole keys, tails too short for a message wasted",
            new TradeCost(otp.Cost, aes.Cost, plain.Cost, tls.Cost));
    }

    /// <summary>
    /// Waits until the investor's KME pool stops growing (two equal readings a second apart, at most 15 minutes): the
    /// links top the pools up after the pre-fill drew them down, and that work would otherwise share the CPU with the
    /// measured flow.
    /// </summary>
    private static async Task PoolsSettledAsync(TradeNetwork network, CancellationToken cancellationToken)
    {
        using EtsiKeyDeliveryClient investor = EtsiKeyDeliveryClient.Create(network.Investor);
        long last = -1;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(15))
        {
            Result<KmeStatus, KeyDeliveryError> status = await investor.GetStatusAsync(SaeId.Create(TradeNetwork.BrokerSae), cancellationToken).ConfigureAwait(false);
            long now = status.IsSuccess ? status.Value.StoredKeyCount : -1;
            if (now >= 0 && now == last)
            {
                return;
            }

            last = now;
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
/// broker's KME after that many measured orders), null for no drill.
/// </summary>
internal sealed record TradeOptions(int Orders, double RatePerSecond, FallbackPolicy Policy, int Hops, int KeySizeBits = 8192, int Pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations, int? KillBrokerKmeAfter = null);
