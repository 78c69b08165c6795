using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// Everything one application (investor or broker) needs to talk to its peer under QKD keys from its own KME:
/// the ETSI 014 client, the master key buffer of its sending direction and the slave buffer of the other, the pad
/// source and lookup over them, its sealer and opener, and the <see cref="TradeSession"/> that carries them across
/// connections. The investor is <see cref="AuthenticationRole.Alice"/>, the broker <see cref="AuthenticationRole.Bob"/>.
/// </summary>
public sealed class TradeEndpoint : IAsyncDisposable
{
    private readonly IDisposable? _ownedDelivery;
    private readonly KeyBuffer _master;
    private readonly SlaveKeyBuffer _slave;
    private readonly AnnouncedPadSource _source;
    private readonly FetchedPadLookup _lookup;
    private readonly MessageSealer _sealer;
    private readonly MessageOpener _opener;
    private long _fetchFailures;

    /// <summary>An end speaking as <paramref name="role"/> to <paramref name="peer"/> with keys from <paramref name="delivery"/>; disposes the delivery when <paramref name="ownsDelivery"/>.</summary>
    public TradeEndpoint(IKeyDelivery delivery, SaeId peer, AuthenticationRole role, TradeEndpointOptions options, TimeProvider? time = null, bool ownsDelivery = false)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(options);
        _ownedDelivery = ownsDelivery ? delivery as IDisposable : null;
        _master = new KeyBuffer(delivery, peer, options.Keys, time);
        _slave = new SlaveKeyBuffer(delivery, peer, options.Keys, time);
        _master.FetchFailed += _ => Interlocked.Increment(ref _fetchFailures);
        _slave.FetchFailed += (_, _) => Interlocked.Increment(ref _fetchFailures);
        _source = new AnnouncedPadSource(_master, time);
        _lookup = new FetchedPadLookup(_slave);
        _sealer = new MessageSealer(options.AesOnly ? new AesKeysOnlyPadSource(_source) : _source, role, options.Channel);
        _opener = new MessageOpener(_lookup, role == AuthenticationRole.Alice ? AuthenticationRole.Bob : AuthenticationRole.Alice);
        Session = new TradeSession(_sealer, _opener, options.MaxPayloadBytes, _source, _slave);
    }

    /// <summary>The session to run connections and send messages on.</summary>
    public TradeSession Session { get; }

    /// <summary>Key fetches that failed (KME refused or down), each retried by its buffer; the session carries on meanwhile on keys held.</summary>
    public long FetchFailures => Interlocked.Read(ref _fetchFailures);

    /// <summary>Keys held in the sending direction's buffer.</summary>
    public int KeysBuffered => _master.Count;

    /// <summary>Key drawn into use by the sending direction, in bits (whole keys, with tails wasted).</summary>
    public long KeyBitsDrawn => _source.DrawnBits;

    /// <summary>Announced batches the peer has not confirmed yet.</summary>
    public int BatchesUnconfirmed => _source.Unacknowledged().Count;

    /// <summary>One fill of the sending direction's buffer to its level (a 503 leaves what was fetched; call again); the error that stopped it, or null.</summary>
    public Task<KeyDeliveryError?> FillAsync(CancellationToken cancellationToken) => _master.RefillAsync(cancellationToken);

    /// <summary>
    /// Starts the background work: fetching what the peer announces, and, with <paramref name="refill"/>, topping the
    /// sending direction's buffer up as it is used (off for a run whose keys were all fetched beforehand).
    /// </summary>
    public void Start(bool refill)
    {
        _slave.Start();
        if (refill)
        {
            _master.Start();
        }
    }

    /// <summary>Starts topping the sending direction's buffer up in the background, after a <see cref="Start"/> without refill (call once).</summary>
    public void StartRefill() => _master.Start();

    /// <summary>Stops the buffers and zeroes every key held.</summary>
    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync().ConfigureAwait(false);
        await _master.DisposeAsync().ConfigureAwait(false);
        await _slave.DisposeAsync().ConfigureAwait(false);
        _source.Dispose();
        _lookup.Dispose();
        _sealer.Dispose();
        _opener.Dispose();
        _ownedDelivery?.Dispose();
    }
}
