using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using QkdNet.Cli.Trade;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Fix;
using QkdNet.Services.Trading.Session;

namespace QkdNet.Cli;

/// <summary><c>qkdnet trade broker --config F</c> and <c>qkdnet trade investor --config F</c>: one application each, against running KMEs.</summary>
internal static partial class TradeCommands
{
    private static Command Application(string role, string description, TextWriter stdout)
    {
        var config = new Option<string>("--config") { Description = "The application's configuration file (JSON; see docs/trading.md).", Required = true };
        var command = new Command(role, description);
        command.Options.Add(config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            Result<TradeConfig> loaded = TradeConfig.Load(parse.GetValue(config)!, role);
            if (!loaded.IsSuccess)
            {
                throw new UsageException(loaded.Error!);
            }

            return role == "broker"
                ? await RunBrokerAsync(loaded.Value, stdout, cancellationToken).ConfigureAwait(false)
                : await RunInvestorAsync(loaded.Value, stdout, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<TradeEndpoint> StartEndpointAsync(TradeConfig config, AuthenticationRole role, CancellationToken cancellationToken)
    {
        var options = new TradeEndpointOptions
        {
            Channel = new ChannelOptions { Policy = config.Policy },
            Keys = new KeyBufferOptions { KeySizeBits = config.KeySizeBits },
        };
        var endpoint = new TradeEndpoint(EtsiKeyDeliveryClient.Create(config.Kme), config.Peer, role, options, ownsDelivery: true);
        // the KME may still be starting (services come up in any order): unreachable or 503 is waited out for 30 s
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await endpoint.FillAsync(cancellationToken).ConfigureAwait(false) is { } error && !error.KmeHandedNothingOut)
        {
            if (error.Kind != KeyDeliveryErrorKind.Transport || DateTime.UtcNow > deadline)
            {
                await endpoint.DisposeAsync().ConfigureAwait(false);
                throw new UsageException($"the KME at {config.Kme.BaseUrl} gave no keys: {error.Message}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }

        endpoint.Start(refill: true);
        return endpoint;
    }

    private static async Task<int> RunBrokerAsync(TradeConfig config, TextWriter stdout, CancellationToken cancellationToken)
    {
        await using TradeEndpoint endpoint = await StartEndpointAsync(config, AuthenticationRole.Bob, cancellationToken).ConfigureAwait(false);
        var listener = new TcpListener(config.Address);
        listener.Start();
        try
        {
            await stdout.WriteLineAsync($"broker {config.Sae}: listening on {config.Address} for {config.Peer}; Ctrl-C stops").ConfigureAwait(false);
            var broker = new TradeBroker(endpoint.Session, new BrokerDesk(FixId.Create("BROKER").Value, FixId.Create("INVESTOR").Value));
            await broker.RunAsync(listener, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(Counters("broker", endpoint)).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            listener.Stop();
            listener.Dispose();
        }
    }

    private static async Task<int> RunInvestorAsync(TradeConfig config, TextWriter stdout, CancellationToken cancellationToken)
    {
        await using TradeEndpoint endpoint = await StartEndpointAsync(config, AuthenticationRole.Alice, cancellationToken).ConfigureAwait(false);
        var investor = new TradeInvestor(endpoint.Session, config.Address);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task running = Task.Run(() => investor.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            if (await Task.WhenAny(investor.WhenConnected, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken)).ConfigureAwait(false) != investor.WhenConnected)
            {
                throw new UsageException($"the broker at {config.Address} does not answer (is it running?).");
            }

            OrderFlow flow = OrderFlow.Create(config.Orders, warmup: 0, TradeHarness.Seed, DateTime.UtcNow);
            LinkResult result = await LinkMeasurement.RunAsync(new InvestorLink(investor), flow, config.RatePerSecond, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"investor {config.Sae}: {result.Latency.Count:N0} of {config.Orders:N0} orders answered; round trip {Line(result.Latency)}")).ConfigureAwait(false);
            await stdout.WriteLineAsync(Counters("investor", endpoint)).ConfigureAwait(false);
            return result.Failed == 0 ? 0 : CliApp.Failed;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }
    }

    private static string Counters(string who, TradeEndpoint endpoint) => string.Create(CultureInfo.InvariantCulture,
        $"{who}: sent otp {endpoint.Session.Sent.OneTimePadMessages:N0}, aes {endpoint.Session.Sent.AesMessages:N0}, refused {endpoint.Session.Sent.Refused:N0}; received {endpoint.Session.Received.Messages:N0}, rejected {endpoint.Session.Received.Rejected:N0}; KME fetch failures {endpoint.FetchFailures:N0}; connections {endpoint.Session.Connections:N0}");

    /// <summary>The investor application as the harness's link (already running).</summary>
    private sealed class InvestorLink(TradeInvestor investor) : IOrderLink
    {
        public string Name => "otp";

        public Task StartAsync(Action<long> answered, CancellationToken cancellationToken)
        {
            investor.Filled += (number, _) => answered(number);
            return Task.CompletedTask;
        }

        public async ValueTask<bool> SendAsync(long number, ReadOnlyMemory<byte> order, CancellationToken cancellationToken) =>
            (await investor.SendOrderAsync(number, order, cancellationToken).ConfigureAwait(false)).IsSent;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
