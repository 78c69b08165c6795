using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using QkdNet.KeyManagement;

namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// The master side's stock of keys shared with one slave SAE: fetched ahead with <c>enc_keys</c> in batches of up
/// to the KME's <c>max_key_per_request</c>, the level aimed at sized from the observed consumption rate
/// (<see cref="KeyBufferOptions.Horizon"/> of it), refilled in the background. <see cref="TryTake"/> only pops from
/// memory: no KME call sits on the caller's critical path. Each batch's key IDs go out through
/// <see cref="BatchAnnounced"/> before any of its keys can be taken, so the application can pass them to its peer
/// (whose <see cref="SlaveKeyBuffer"/> fetches them ahead too). Every key is handed out once; the taker disposes its
/// <see cref="DeliveredKey.Material"/> after use, which zeroes it, and keys never taken are zeroed on dispose.
/// Thread-safe.
/// </summary>
public sealed class KeyBuffer : IAsyncDisposable
{
    private readonly IKeyDelivery _delivery;
    private readonly SaeId _slave;
    private readonly KeyBufferOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<DeliveredKey> _keys = new();
    private readonly SemaphoreSlim _refilling = new(1, 1);
    private readonly RefillLoop _loop;
    private int _count;
    private long _taken;
    private int _lowWaterRaised;
    private int _maxKeyPerRequest;
    private DateTimeOffset _lastSample;
    private double _rate;
    private int _target;
    private int _disposed;

    /// <summary>A buffer of keys shared with <paramref name="slave"/>, fetched through <paramref name="delivery"/>; not refilling until <see cref="Start"/> or <see cref="RefillAsync"/>.</summary>
    public KeyBuffer(IKeyDelivery delivery, SaeId slave, KeyBufferOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _delivery = delivery;
        _slave = slave;
        _options = options ?? new KeyBufferOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _lastSample = _time.GetUtcNow();
        _target = _options.MinKeys;
        _loop = new RefillLoop(async token => await RefillAsync(token).ConfigureAwait(false) is null, _time, _options.PollInterval, _options.RetryDelay);
    }

    /// <summary>The key IDs of a fetched batch, raised before its keys can be taken (on the refilling thread; keep the handler short).</summary>
    public event Action<IReadOnlyList<KeyId>>? BatchAnnounced;

    /// <summary>The level fell below the low-water mark (raised once per crossing, on the taking thread; keep the handler short). The argument is the level.</summary>
    public event Action<int>? LowWater;

    /// <summary>A fetch failed; the background refill tries again after <see cref="KeyBufferOptions.RetryDelay"/>.</summary>
    public event Action<KeyDeliveryError>? FetchFailed;

    /// <summary>Keys held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The level the buffer aims at now, in keys.</summary>
    public int TargetLevel => Volatile.Read(ref _target);

    /// <summary>The observed consumption, in keys per second (smoothed over refill passes).</summary>
    public double ConsumptionPerSecond => Volatile.Read(ref _rate);

    /// <summary>The low-water mark now, in keys.</summary>
    public int LowWaterMark => Math.Max(1, (int)(TargetLevel * _options.LowWaterFraction));

    /// <summary>Takes the next key from memory; false when the buffer is empty. The caller disposes the key's material after use.</summary>
    public bool TryTake([NotNullWhen(true)] out DeliveredKey? key)
    {
        if (!_keys.TryDequeue(out key))
        {
            RaiseLowWater(0);
            return false;
        }

        int level = Interlocked.Decrement(ref _count);
        Interlocked.Increment(ref _taken);
        if (level < LowWaterMark)
        {
            RaiseLowWater(level);
        }

        return true;
    }

    /// <summary>Starts the background refill.</summary>
    public void Start() => _loop.Start();

    /// <summary>
    /// One refill pass: learns <c>max_key_per_request</c> (first pass), updates the consumption rate and the level
    /// aimed at, and fetches batches until the buffer holds that level. Passes never overlap.
    /// </summary>
    /// <returns>Null when the level is reached, or the error that stopped the pass.</returns>
    public async Task<KeyDeliveryError?> RefillAsync(CancellationToken cancellationToken = default)
    {
        await _refilling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_maxKeyPerRequest == 0 && await LearnLimitsAsync(cancellationToken).ConfigureAwait(false) is { } limitsError)
            {
                return Failed(limitsError);
            }

            UpdateTarget();
            while (Volatile.Read(ref _disposed) == 0 && Count < TargetLevel)
            {
                int number = Math.Min(_maxKeyPerRequest, TargetLevel - Count);
                Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> batch =
                    await _delivery.GetKeysAsync(_slave, number, _options.KeySizeBits, null, cancellationToken).ConfigureAwait(false);
                if (!batch.IsSuccess)
                {
                    return Failed(batch.Error!);
                }

                Add(batch.Value);
            }

            return null;
        }
        finally
        {
            _refilling.Release();
        }
    }

    /// <summary>Stops the refill and zeroes every key not taken.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _loop.StopAsync().ConfigureAwait(false);
        await _refilling.WaitAsync().ConfigureAwait(false);
        while (_keys.TryDequeue(out DeliveredKey? key))
        {
            key.Material.Dispose();
            Interlocked.Decrement(ref _count);
        }

        _refilling.Release();
    }

    private async Task<KeyDeliveryError?> LearnLimitsAsync(CancellationToken cancellationToken)
    {
        Result<KmeStatus, KeyDeliveryError> status = await _delivery.GetStatusAsync(_slave, cancellationToken).ConfigureAwait(false);
        if (!status.IsSuccess)
        {
            return status.Error;
        }

        KmeStatus s = status.Value;
        if (_options.KeySizeBits < s.MinKeySize || _options.KeySizeBits > s.MaxKeySize || s.MaxKeyPerRequest < 1)
        {
            return new KeyDeliveryError(
                KeyDeliveryErrorKind.BadRequest,
                null,
                $"the buffer's key size of {_options.KeySizeBits} bits lies outside the KME's {s.MinKeySize}..{s.MaxKeySize} bits (or it allows no key per request)");
        }

        _maxKeyPerRequest = s.MaxKeyPerRequest;
        return null;
    }

    /// <summary>Folds the takes since the last pass into the rate (an even blend with the previous figure) and sets the level aimed at.</summary>
    private void UpdateTarget()
    {
        DateTimeOffset now = _time.GetUtcNow();
        double seconds = (now - _lastSample).TotalSeconds;
        if (seconds > 0)
        {
            double observed = Interlocked.Exchange(ref _taken, 0) / seconds;
            double rate = _rate == 0 ? observed : (_rate + observed) / 2;
            Volatile.Write(ref _rate, rate);
            _lastSample = now;
        }

        double wanted = Math.Ceiling(_rate * _options.Horizon.TotalSeconds);
        Volatile.Write(ref _target, (int)Math.Clamp(wanted, _options.MinKeys, _options.MaxKeys));
    }

    private void Add(IReadOnlyList<DeliveredKey> batch)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            foreach (DeliveredKey key in batch)
            {
                key.Material.Dispose();
            }

            return;
        }

        // announced first, so the peer hears of every key before it can be used
        BatchAnnounced?.Invoke([.. batch.Select(k => k.Id)]);
        // counted before they can be taken, so a taker's decrement never drives the count below zero
        Interlocked.Add(ref _count, batch.Count);
        foreach (DeliveredKey key in batch)
        {
            _keys.Enqueue(key);
        }

        if (Count >= LowWaterMark)
        {
            Volatile.Write(ref _lowWaterRaised, 0);
        }
    }

    private void RaiseLowWater(int level)
    {
        if (Interlocked.CompareExchange(ref _lowWaterRaised, 1, 0) == 0)
        {
            LowWater?.Invoke(level);
        }

        _loop.Wake();
    }

    private KeyDeliveryError Failed(KeyDeliveryError error)
    {
        FetchFailed?.Invoke(error);
        return error;
    }
}
