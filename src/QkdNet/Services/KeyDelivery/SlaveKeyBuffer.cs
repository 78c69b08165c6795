using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using QkdNet.KeyManagement;

namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// The slave side's stock of keys from one master SAE: the master's <see cref="KeyBuffer.BatchAnnounced"/> IDs,
/// passed here by the application through <see cref="Announce"/>, are fetched with <c>dec_keys</c> in the
/// background, one call per announced batch, so a message naming a key finds it in memory
/// (<see cref="TryTake"/> makes no KME call). A batch the KME answers 503 for (it handed nothing out) is asked for
/// again after <see cref="KeyBufferOptions.RetryDelay"/>; any other failure drops the batch and is reported through
/// <see cref="FetchFailed"/>, since a <c>dec_keys</c> whose answer was lost must not be repeated blindly. Every key
/// is handed out once; the taker disposes its material after use (that zeroes it), and keys never taken are zeroed
/// on dispose. Thread-safe.
/// </summary>
public sealed class SlaveKeyBuffer : IAsyncDisposable
{
    private readonly IKeyDelivery _delivery;
    private readonly SaeId _master;
    private readonly ConcurrentQueue<KeyId[]> _announced = new();
    private readonly ConcurrentDictionary<KeyId, DeliveredKey> _keys = new();
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private readonly RefillLoop _loop;
    private KeyId[]? _deferred;
    private int _disposed;

    /// <summary>A buffer of keys from <paramref name="master"/>, fetched through <paramref name="delivery"/>; not fetching until <see cref="Start"/> or <see cref="FetchAnnouncedAsync"/>.</summary>
    public SlaveKeyBuffer(IKeyDelivery delivery, SaeId master, KeyBufferOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _delivery = delivery;
        _master = master;
        options ??= new KeyBufferOptions();
        options.Validate();
        _loop = new RefillLoop(async token => await FetchAnnouncedAsync(token).ConfigureAwait(false) is null, time ?? TimeProvider.System, options.PollInterval, options.RetryDelay);
    }

    /// <summary>An announced batch that could not be fetched and was dropped, with the reason.</summary>
    public event Action<IReadOnlyList<KeyId>, KeyDeliveryError>? FetchFailed;

    /// <summary>
    /// The key IDs of an announced batch now held here, raised once its <c>dec_keys</c> answered (on the fetching
    /// thread; keep the handler short): the application tells its master, which may then use those keys.
    /// </summary>
    public event Action<IReadOnlyList<KeyId>>? BatchFetched;

    /// <summary>Keys held now.</summary>
    public int Count => _keys.Count;

    /// <summary>Queues the key IDs of one master batch for fetching and wakes the background fetch.</summary>
    public void Announce(IReadOnlyList<KeyId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count > 0)
        {
            _announced.Enqueue([.. ids]);
            _loop.Wake();
        }
    }

    /// <summary>Takes the key <paramref name="id"/> from memory; false when it is not (or not yet) here. The caller disposes its material after use.</summary>
    public bool TryTake(KeyId id, [NotNullWhen(true)] out DeliveredKey? key) => _keys.TryRemove(id, out key);

    /// <summary>Starts the background fetch.</summary>
    public void Start() => _loop.Start();

    /// <summary>Fetches every announced batch now; passes never overlap.</summary>
    /// <returns>Null when all were fetched (or dropped and reported), or the 503 that deferred the rest.</returns>
    public async Task<KeyDeliveryError?> FetchAnnouncedAsync(CancellationToken cancellationToken = default)
    {
        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (Volatile.Read(ref _disposed) == 0 && (_deferred ?? (_announced.TryDequeue(out KeyId[]? next) ? next : null)) is { } batch)
            {
                _deferred = null;
                Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> result =
                    await _delivery.GetKeysWithIdsAsync(_master, batch, cancellationToken).ConfigureAwait(false);
                if (result.Error is { } error)
                {
                    if (error.KmeHandedNothingOut)
                    {
                        _deferred = batch;
                        return error;
                    }

                    FetchFailed?.Invoke(batch, error);
                    continue;
                }

                foreach (DeliveredKey key in result.Value)
                {
                    if (Volatile.Read(ref _disposed) == 1 || !_keys.TryAdd(key.Id, key))
                    {
                        key.Material.Dispose();
                    }
                }

                BatchFetched?.Invoke(batch);
            }

            return null;
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>Stops the fetch and zeroes every key not taken.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _loop.StopAsync().ConfigureAwait(false);
        await _fetching.WaitAsync().ConfigureAwait(false);
        foreach (KeyId id in _keys.Keys)
        {
            if (_keys.TryRemove(id, out DeliveredKey? key))
            {
                key.Material.Dispose();
            }
        }

        _fetching.Release();
    }
}
