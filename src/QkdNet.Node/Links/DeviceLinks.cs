using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.Quantum;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Links;

/// <summary>
/// The node's links whose key comes from a QKD device (<c>"kind": "etsi014"</c>): one <see cref="Etsi014QkdModule"/>
/// per link over one ETSI 014 client of the device, made at first use, and the receiving side of the master's
/// announcements (<see cref="ReceiveAsync"/>). Thread-safe.
/// </summary>
public sealed partial class DeviceLinks : IDisposable
{
    /// <summary>How many stored blocks are remembered, so an announcement repeated after a lost answer is answered without asking the device again.</summary>
    private const int RememberedBlocks = 4096;

    private readonly Dictionary<LinkId, LinkSettings> _links;
    private readonly Func<DeviceSourceSettings, IKeyDelivery> _connect;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<LinkId, (Etsi014QkdModule Module, IKeyDelivery Device)> _modules = [];
    private readonly Dictionary<BlockId, Task<KxBlockOutcome>> _received = [];
    private readonly Queue<BlockId> _receivedOrder = new();

    /// <summary>The device links of <paramref name="settings"/>, each reached with <see cref="EtsiKeyDeliveryClient"/> (mutual TLS from its PEM files).</summary>
    public DeviceLinks(NodeSettings settings, TimeProvider time, ILogger<DeviceLinks> logger)
        : this(settings, d => EtsiKeyDeliveryClient.Create(d.Connection, time: time), time, logger)
    {
    }

    /// <summary>The device links of <paramref name="settings"/>, each reached through <paramref name="connect"/> (tests pass a fake device).</summary>
    internal DeviceLinks(NodeSettings settings, Func<DeviceSourceSettings, IKeyDelivery> connect, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _links = settings.Links.Where(l => l.Source.Device is not null).ToDictionary(l => l.Id);
        _connect = connect;
        _time = time;
        _logger = logger;
    }

    /// <summary>The module of device link <paramref name="link"/>; throws when the link takes no key from a device (a bug in the caller).</summary>
    public Etsi014QkdModule Module(LinkId link)
    {
        LinkSettings settings = _links.TryGetValue(link, out LinkSettings? l) ? l : throw new ArgumentException($"Link {link} has no etsi014 source.", nameof(link));
        lock (_lock)
        {
            if (!_modules.TryGetValue(link, out (Etsi014QkdModule Module, IKeyDelivery Device) entry))
            {
                IKeyDelivery device = _connect(settings.Source.Device!);
                entry = (new Etsi014QkdModule(link.Value, device, settings.Source.Device!, _time, _logger), device);
                _modules.Add(link, entry);
            }

            return entry.Module;
        }
    }

    /// <summary>
    /// The end that does not run the link source: fetches the batch the master announced (<paramref name="keyIds"/>, each
    /// key <paramref name="keySizeBits"/> bits as the announcement says) from this node's device and ingests it into <paramref name="pool"/> as block <paramref name="block"/>.
    /// <see cref="KxBlockOutcome.Stored"/> once the block is durable here (also for an announcement repeated after a
    /// lost answer); <see cref="KxBlockOutcome.Unreachable"/> when the store or the device cannot take part now and
    /// nothing was handed out (the master announces again later); <see cref="KxBlockOutcome.Refused"/> when this
    /// batch can never be stored here (the master drops its copy: waste, never a mismatch).
    /// </summary>
    public Task<KxBlockOutcome> ReceiveAsync(LinkId link, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, IKeyStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        ArgumentNullException.ThrowIfNull(store);
        if (!_links.ContainsKey(link) || keyIds.Count == 0 || block != BlockOf(keyIds))
        {
            return Task.FromResult(KxBlockOutcome.Refused);
        }

        if (store.IsSealed || !store.IsInitialized)
        {
            // asking the device now would spend its keys on a store that cannot hold them
            return Task.FromResult(KxBlockOutcome.Unreachable);
        }

        Task<KxBlockOutcome> work;
        lock (_lock)
        {
            if (!_received.TryGetValue(block, out work!))
            {
                // not tied to this request: a master that timed out and asks again joins the same work
                work = FetchAndIngestAsync(link, pool, block, keyIds, keySizeBits, store);
                _received.Add(block, work);
                _receivedOrder.Enqueue(block);
                if (_receivedOrder.Count > RememberedBlocks)
                {
                    _received.Remove(_receivedOrder.Dequeue());
                }
            }
        }

        return work.WaitAsync(cancellationToken);
    }

    /// <summary>The block a batch of device keys becomes (<see cref="Etsi014QkdModule.BlockIdOf"/>), as the store names it.</summary>
    public static BlockId BlockOf(IReadOnlyList<KeyId> keyIds) => BlockId.Create(Etsi014QkdModule.BlockIdOf(keyIds).ToString("N"));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach ((Etsi014QkdModule _, IKeyDelivery device) in _modules.Values)
            {
                (device as IDisposable)?.Dispose();
            }

            _modules.Clear();
        }
    }

    private async Task<KxBlockOutcome> FetchAndIngestAsync(LinkId link, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, IKeyStore store)
    {
        KxBlockOutcome outcome = await FetchAndIngestOnceAsync(link, pool, block, keyIds, keySizeBits, store).ConfigureAwait(false);
        if (outcome != KxBlockOutcome.Stored)
        {
            lock (_lock)
            {
                // only a stored block is remembered; a later announcement of this batch tries again (and is refused
                // there if the device already handed the keys out)
                _received.Remove(block);
            }
        }

        return outcome;
    }

    private async Task<KxBlockOutcome> FetchAndIngestOnceAsync(LinkId link, PoolId pool, BlockId block, IReadOnlyList<KeyId> keyIds, int keySizeBits, IKeyStore store)
    {
        await Task.Yield();
        Result<SecretKeyBlock, KeyDeliveryError> fetched = await Module(link).FetchAsync(keyIds, keySizeBits, CancellationToken.None).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            // 503 or no answer: the device handed nothing out (or may have, but then a repeat is refused there), so the
            // master may announce again; anything else will not change
            return fetched.Error!.Kind is KeyDeliveryErrorKind.Unavailable or KeyDeliveryErrorKind.Transport ? KxBlockOutcome.Unreachable : KxBlockOutcome.Refused;
        }

        SecretKeyBlock received = fetched.Value;
        byte[] bytes = received.Key.ToBytes();
        try
        {
            Result<PoolStatus, KeyStoreFailure> ingested = await store.IngestBlockAsync(pool, block, bytes, CancellationToken.None).ConfigureAwait(false);
            if (ingested.Error is not { Code: not KeyStoreError.DuplicateBlock } failure)
            {
                return KxBlockOutcome.Stored;
            }

            // the device's keys are spent: this batch can never be stored here
            LogIngestFailed(_logger, link.Value, block.Value, failure.Code.ToString());
            return KxBlockOutcome.Refused;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            received.Key.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: block {Block} fetched from the QKD device could not be stored ({Error}); the master drops its copy.")]
    private static partial void LogIngestFailed(ILogger logger, string link, string block, string error);
}
