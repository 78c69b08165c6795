using System.CommandLine;
using System.Globalization;
using QkdNet.Cli.Trade;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet trade</c>: the FIX trading application under the one-time pad. Alone it runs the whole benchmark on a
/// development network it starts and tears down (<see cref="TradeHarness"/>); <c>trade broker</c> and
/// <c>trade investor</c> run one application each against running KMEs, from a configuration file.
/// </summary>
internal static partial class TradeCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var orders = new Option<int>("--orders") { Description = "Measured orders (1 to 10,000,000); a warm-up block of a second's orders (at most 10,000) goes first, on each link.", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<double>("--rate") { Description = "Offered orders per second, open loop (1 to 100,000).", DefaultValueFactory = _ => 10_000 };
        var policy = new Option<string>("--policy") { Description = "When key runs dry: wait, aes (AES-256-GCM keyed from QKD keys) or fail.", DefaultValueFactory = _ => "wait" };
        var hops = new Option<int>("--hops") { Description = "QKD links between the investor's KME and the broker's (1 to 8; more than 1 relays the key).", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var killKme = new Option<int?>("--kill-broker-kme-after") { Description = "Fault drill: kill the broker's KME process after N measured orders; the key buffers (refilled during the run in this mode) and the policy carry the rest, the failed fetches are counted under faults, and the AES-GCM comparison is skipped." };
        var command = new Command("trade", "FIX orders under the one-time pad: a benchmark on its own development network, or the broker and investor applications.");
        foreach (Option option in new Option[] { orders, rate, policy, hops, json, killKme })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            TradeOptions options = Validate(parse.GetValue(orders), parse.GetValue(rate), parse.GetValue(policy)!, parse.GetValue(hops)) with
            {
                KillBrokerKmeAfter = ValidateDrill(parse.GetValue(killKme), parse.GetValue(orders)),
                Levers = TradeLevers.FromEnvironment(Environment.GetEnvironmentVariable),
            };
            TradeReport report = await TradeHarness.RunAsync(options, stderr, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(parse.GetValue(json) ? Json.Serialize(report) : Describe(report)).ConfigureAwait(false);
            return report.Failed == 0 ? 0 : CliApp.Failed;
        });
        command.Subcommands.Add(Application("broker", "Run the broker: accept the investor, answer each order with an execution report.", stdout));
        command.Subcommands.Add(Application("investor", "Run the investor: send orders to the broker and report the round trips.", stdout));
        return command;
    }

    /// <summary>The options, or a <see cref="UsageException"/> naming the first one out of range.</summary>
    internal static TradeOptions Validate(int orders, double rate, string policy, int hops)
    {
        if (orders is < 1 or > 10_000_000)
        {
            throw new UsageException("--orders must be 1 to 10,000,000.");
        }

        if (!double.IsFinite(rate) || rate is < 1 or > 100_000)
        {
            throw new UsageException("--rate must be 1 to 100,000 orders per second.");
        }

        if (hops is < 1 or > 8)
        {
            throw new UsageException("--hops must be 1 to 8.");
        }

        return new TradeOptions(orders, rate, ParsePolicy(policy) ?? throw new UsageException($"--policy: '{policy}' is not wait, aes or fail."), hops);
    }

    /// <summary>The fault drill's order count (null: none), or a <see cref="UsageException"/> when it is not inside the run.</summary>
    internal static int? ValidateDrill(int? killAfter, int orders) => killAfter is not { } n || (n >= 0 && n < orders)
        ? killAfter
        : throw new UsageException($"--kill-broker-kme-after must be 0 to {orders - 1:N0} (fewer than --orders).");

    /// <summary>wait, aes or fail (any case); null otherwise.</summary>
    internal static FallbackPolicy? ParsePolicy(string? text) => text?.ToLowerInvariant() switch
    {
        "wait" => FallbackPolicy.Wait,
        "aes" => FallbackPolicy.Aes,
        "fail" => FallbackPolicy.Fail,
        _ => null,
    };

    private static string Describe(TradeReport r) => string.Create(CultureInfo.InvariantCulture, $"""
        orders: {r.Completed:N0} of {r.Orders:N0} completed at {r.RatePerSecond:N0}/s (policy {r.Policy}, {r.Hops} hop(s)); modes: otp {r.Modes.Otp:N0}, aes {r.Modes.Aes:N0}
        round trip, one-time pad: {Line(r.RoundTripUs)}
        round trip, AES-GCM (QKD): {Line(r.Compare.AesGcmQkd)}
        round trip, plain TCP:     {Line(r.Compare.PlainTcp)}
        round trip, TLS 1.3:       {Line(r.Compare.Tls13)}
        p99.9 one-time pad / TLS 1.3: {r.Compare.OtpOverTls:F2}
        key: {r.KeyBitsPerOrder:N0} bits per order (order + report), {r.KeyBitsDrawnPerOrder:N0} drawn with wasted key tails; needed {r.KeyRateNeededBps / 1e6:F1} Mbit/s
        pools: {r.Pool.PrefilledBits / 1e6:F0} Mbit filled in {r.Pool.FillSeconds:F1} s ({r.KeyRateSuppliedBps / 1e6:F1} Mbit/s supplied by {r.Pool.Links}); they last {r.Pool.LastsSeconds:F1} s at the needed rate
        faults: {r.Faults.Rejected} rejected, {r.Faults.Refused} refused, {r.Faults.KmeFetchFailures} KME fetch failures, {r.Faults.Reconnects} reconnects{(r.Faults.BrokerKmeKilledAfter is { } k ? $"; the broker's KME was killed after {k:N0} orders" : "")}
        """);

    private static string Line(LatencySummary l) => string.Create(CultureInfo.InvariantCulture, $"p50 {l.P50:F0} us, p99 {l.P99:F0} us, p99.9 {l.P999:F0} us, max {l.Max:F0} us ({l.Count:N0} orders)");
}
