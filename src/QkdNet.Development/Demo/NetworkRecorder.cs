using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using QkdNet.Node.Controller;
using QkdNet.Node.Controller.Dashboard;

namespace QkdNet.Development.Demo;

/// <summary>One reading of one link from the controller's health view, at <see cref="Seconds"/> since the recording began.</summary>
public sealed record LinkReading(double Seconds, string State, double? Qber, double SecretKeyRateBps, double PoolFraction, long Samples, long AbortedBlocks);

/// <summary>Whether each share server ran, at <see cref="Seconds"/> since the recording began.</summary>
public sealed record ServerReading(double Seconds, IReadOnlyList<bool> Up);

/// <summary>
/// Reads the controller's health view (as the development admin) and the share servers' state every
/// <see cref="Interval"/> while it runs, for the demo's live view and its report. Thread-safe.
/// </summary>
public sealed class NetworkRecorder : IAsyncDisposable
{
    /// <summary>Time between readings.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one reading waits for the controller.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly EmbeddedNetwork _network;
    private readonly HttpClient _controller;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<LinkReading>> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ServerReading> _servers = new();
    private readonly Task _running;
    private volatile HealthView? _latest;

    /// <summary>Starts reading.</summary>
    public NetworkRecorder(EmbeddedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _controller = network.ControllerAdmin();
        // a controller that does not answer is a missed reading, not a wait of HttpClient's default 100 s
        _controller.Timeout = ReadTimeout;
        _running = Task.Run(RunAsync);
    }

    /// <summary>Seconds since the recording began (the time axis of every reading).</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>The latest health view, or null before the first answer.</summary>
    public HealthView? Latest => _latest;

    /// <summary>Each link's readings, oldest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<LinkReading>> Links => _links.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<LinkReading>)[.. kv.Value], StringComparer.Ordinal);

    /// <summary>The share servers' state, oldest first.</summary>
    public IReadOnlyList<ServerReading> Servers => [.. _servers];

    /// <summary>The latest reading of <paramref name="link"/>, or null.</summary>
    public LinkView? Link(string link) => _latest?.Links.FirstOrDefault(l => l.Id == link);

    /// <summary>Reads the health view now (outside the schedule), records it and returns it; null when the controller does not answer.</summary>
    public async Task<HealthView?> ReadAsync(CancellationToken cancellationToken)
    {
        HealthView? view;
        try
        {
            view = await _controller.GetFromJsonAsync<HealthView>("controller/v1/health", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // the controller busy, restarting or timing out: no reading this time
            return null;
        }

        if (view is not null)
        {
            double at = Now;
            _latest = view;
            foreach (LinkView l in view.Links)
            {
                _links.GetOrAdd(l.Id, _ => new()).Enqueue(new LinkReading(at, l.State, l.Qber, l.SecretKeyRateBps, l.PoolFraction, l.Samples, l.AbortedBlocks));
            }
        }

        return view;
    }

    /// <summary>
    /// Each node's relay totals as the controller last heard them (the nodes report every second: keys originated, and
    /// of those the keys over each link, counted by the relay itself), or null when the controller does not answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DashboardRelays>?> ReadRelaysAsync(CancellationToken cancellationToken)
    {
        try
        {
            RelaysOnly? state = await _controller.GetFromJsonAsync<RelaysOnly>("dashboard/api/state", cancellationToken).ConfigureAwait(false);
            return state?.Relays.ToDictionary(r => r.Node, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _controller.Dispose();
        _stop.Dispose();
    }

    /// <summary>The part of the dashboard's state the demo reads.</summary>
    private sealed record RelaysOnly([property: System.Text.Json.Serialization.JsonPropertyName("relays")] IReadOnlyList<DashboardRelays> Relays);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            _servers.Enqueue(new ServerReading(Now, [.. _network.Deployment.ShareServers.Select(_network.IsRunning)]));
            await ReadAsync(_stop.Token).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
    }
}
