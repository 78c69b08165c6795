using System.Net;
using System.Net.Sockets;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Fix;
using QkdNet.Services.Trading.Session;

namespace QkdNet.Cli.Trade;

/// <summary>
/// The QKD-protected link: a <see cref="TradeInvestor"/> and a <see cref="TradeBroker"/>, each an
/// <see cref="TradeEndpoint"/> on its own KME (ETSI 014 over mutual TLS), over loopback TCP. Start fills each
/// sending direction's key buffer to the run's need and waits until the peer has fetched every announced batch, so
/// the flow runs on keys in memory. <c>otp</c> under the chosen policy, or <c>aes_gcm_qkd</c> (AES-256-GCM only).
/// With <see cref="RefillDuringRun"/> both ends also top their buffers up from their KMEs while the flow runs (the
/// fault drill, where a KME is killed mid-run and its failed fetches must be counted).
/// With <c>refill</c> the buffers are topped up from the KMEs as they are used (a flow longer than one fill: the demo).
/// </summary>
internal sealed class QkdLink(KmeConnection investorKme, KmeConnection brokerKme, SaeId investorSae, SaeId brokerSae, TradeEndpointOptions investorOptions, TradeEndpointOptions brokerOptions, Action? ready = null, Func<CancellationToken, Task>? settle = null,
    bool refill = false) : IOrderLink
{
    /// <summary>
    /// Whether the broker and the investor serve their connection on threads of their own with blocking I/O
    /// (<see cref="TradeBroker.ReceiveThread"/>, <see cref="TradeInvestor.ReceiveThread"/>); off: asynchronous.
    /// </summary>
    public bool ReceiveThreads { get; init; }

    /// <summary>Runs first on each receive thread (<see cref="ReceiveThreads"/>); null for nothing.</summary>
    public Action? ReceiveThreadStarting { get; init; }

    /// <summary>Whether the buffers refill from the KMEs during the run (off: the run uses the keys fetched before it).</summary>
    public bool RefillDuringRun { get; init; }

    private readonly CancellationTokenSource _stop = new();
    private TradeEndpoint? _investorEnd;
    private TradeEndpoint? _brokerEnd;
    private TradeInvestor? _investor;
    private TradeBroker? _broker;
    private TcpListener? _listener;
    private Task _running = Task.CompletedTask;

    public string Name => investorOptions.AesOnly ? "aes_gcm_qkd" : "otp";

    public TradeEndpoint Investor => _investorEnd ?? throw new InvalidOperationException("not started");

    public TradeEndpoint Broker => _brokerEnd ?? throw new InvalidOperationException("not started");

    /// <summary>Fetch failures of the pre-fill (503s while the pools were still filling), not faults of the run.</summary>
    public long FetchFailuresBeforeRun { get; private set; }

    public TradeBroker BrokerApplication => _broker ?? throw new InvalidOperationException("not started");

    public TradeInvestor InvestorApplication => _investor ?? throw new InvalidOperationException("not started");

    public async Task StartAsync(Action<long> answered, CancellationToken cancellationToken)
    {
        _investorEnd = new TradeEndpoint(EtsiKeyDeliveryClient.Create(investorKme), brokerSae, AuthenticationRole.Alice, investorOptions, ownsDelivery: true);
        _brokerEnd = new TradeEndpoint(EtsiKeyDeliveryClient.Create(brokerKme), investorSae, AuthenticationRole.Bob, brokerOptions, ownsDelivery: true);
        // connected first, so each batch is announced as it is fetched and the peer fetches it at once (a KME keeps an
        // enc_keys reservation only so long for the matching dec_keys)
        _investorEnd.Start(refill);
        _brokerEnd.Start(refill);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _broker = new TradeBroker(_brokerEnd.Session, new BrokerDesk(FixId.Create("BROKER").Value, FixId.Create("INVESTOR").Value))
        {
            ReceiveThread = ReceiveThreads,
            ReceiveThreadStarting = ReceiveThreadStarting,
        };
        _investor = new TradeInvestor(_investorEnd.Session, (IPEndPoint)_listener.LocalEndpoint)
        {
            ReceiveThread = ReceiveThreads,
            ReceiveThreadStarting = ReceiveThreadStarting,
        };
        _investor.Filled += (number, _) => answered(number);
        _running = Task.WhenAll(
            Task.Run(() => _broker.RunAsync(_listener, _stop.Token), CancellationToken.None),
            Task.Run(() => _investor.RunAsync(_stop.Token), CancellationToken.None));
        await _investor.WhenConnected.WaitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(FillAsync(_investorEnd, "investor", cancellationToken), FillAsync(_brokerEnd, "broker", cancellationToken)).ConfigureAwait(false);

        // the pre-fill is done when each side has fetched every batch the other announced
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (_investorEnd.BatchesUnconfirmed > 0 || _brokerEnd.BatchesUnconfirmed > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new UsageException($"the peers did not fetch each other's announced keys within 5 minutes ({_investorEnd.FetchFailures + _brokerEnd.FetchFailures} fetches failed; is a KME down?).");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        FetchFailuresBeforeRun = _investorEnd.FetchFailures + _brokerEnd.FetchFailures;
        ready?.Invoke();
        if (settle is not null)
        {
            await settle(cancellationToken).ConfigureAwait(false);
        }

        if (RefillDuringRun)
        {
            _investorEnd.StartRefill();
            _brokerEnd.StartRefill();
        }
    }

    /// <summary>Fills an end's buffer for the whole run, waiting out 503s while the KME's pool is still filling (up to 10 minutes).</summary>
    private static async Task FillAsync(TradeEndpoint end, string who, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (await end.FillAsync(cancellationToken).ConfigureAwait(false) is { } error)
        {
            if (!error.KmeHandedNothingOut || DateTime.UtcNow > deadline)
            {
                throw new UsageException($"the {who}'s KME did not hand out the run's keys: {error.Message}");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<bool> SendAsync(long number, ReadOnlyMemory<byte> order, CancellationToken cancellationToken) =>
        (await _investor!.SendOrderAsync(number, order, cancellationToken).ConfigureAwait(false)).IsSent;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _listener?.Dispose();
        if (_investorEnd is not null)
        {
            await _investorEnd.DisposeAsync().ConfigureAwait(false);
        }

        if (_brokerEnd is not null)
        {
            await _brokerEnd.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
