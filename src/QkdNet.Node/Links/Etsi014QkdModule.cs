using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;
using QkdNet.Primitives;
using QkdNet.Quantum;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Node.Links;

/// <summary>
/// One end of a link whose key comes from a QKD device's own ETSI GS QKD 014 API (the southbound adapter): this node
/// is an SAE of the device's KME, through the typed client (<see cref="IKeyDelivery"/>). The master end
/// (<see cref="NextKeyBlockAsync"/>) asks for a batch of keys with <c>enc_keys</c>; the other end
/// (<see cref="FetchAsync(IReadOnlyList{KeyId}, int, CancellationToken)"/>) gets the same batch with <c>dec_keys</c> from the key IDs the master announced
/// (<see cref="KeyIdsOf"/>). One batch, its keys concatenated in the master's order, is one block, named after its
/// first key ID, so both ends hold the same block under the same ID.
/// </summary>
/// <remarks>
/// A device that refuses or does not answer is asked again after a back-off (<see cref="DeviceSourceSettings.PollInterval"/>,
/// doubling per failure in a row up to 32 times) and counted (<see cref="DeviceFailures"/>); an <c>enc_keys</c> is
/// repeated only because the device said 503 or gave nothing, and a <c>dec_keys</c> is never repeated here. A key ID
/// this end has seen before (within the last <see cref="RememberedKeyIds"/>) drops its whole batch, so no key becomes
/// pool material twice. Every delivered key is zeroed once copied into the block. Thread-safe for one consumer per role.
/// </remarks>
public sealed partial class Etsi014QkdModule : IQkdModule
{
    /// <summary>How many key IDs each end remembers to refuse a repeat (16 bytes each: 1 MiB).</summary>
    public const int RememberedKeyIds = 1 << 16;

    private const int MaxBackoffDoublings = 5;
    private readonly IKeyDelivery _device;
    private readonly DeviceSourceSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _started;
    private readonly ConditionalWeakTable<SecretKeyBlock, KeyId[]> _keyIds = [];
    private readonly Lock _seenLock = new();
    private readonly HashSet<Guid> _seen = [];
    private readonly Queue<Guid> _seenOrder = new();
    private long _delivered;
    private long _deliveredBits;
    private long _aborted;
    private long _failures;
    private int _failuresInRow;
    private string? _lastProblem;

    /// <summary>An end reading <paramref name="device"/> as <paramref name="settings"/> say.</summary>
    /// <param name="linkName">The link's name, for logs and status.</param>
    /// <param name="device">The device KME's ETSI 014 API (the caller keeps ownership).</param>
    /// <param name="settings">The SAE IDs, key size, batch and back-off.</param>
    /// <param name="time">Times the back-off and the rate.</param>
    /// <param name="logger">Where failures of the device are logged (never key material).</param>
    public Etsi014QkdModule(string linkName, IKeyDelivery device, DeviceSourceSettings settings, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(linkName);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        LinkName = linkName;
        _device = device;
        _settings = settings;
        _time = time;
        _logger = logger;
        _started = time.GetTimestamp();
    }

    /// <inheritdoc />
    public string LinkName { get; }

    /// <summary>Calls to the device that failed (refused, unavailable, no answer, a malformed answer) since the start.</summary>
    public long DeviceFailures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Blocks delivered, batches dropped (a key ID seen before, a wrong size), the last problem, and the rate of key
    /// delivered since the start in bits per second. The device measures QBER itself and ETSI 014 does not report it: 0.
    /// </summary>
    public QkdModuleStatus Status
    {
        get
        {
            long delivered = Interlocked.Read(ref _delivered);
            double seconds = _time.GetElapsedTime(_started).TotalSeconds;
            return new(Qber.Zero, seconds > 0 ? Interlocked.Read(ref _deliveredBits) / seconds : 0, delivered, Interlocked.Read(ref _aborted), Volatile.Read(ref _lastProblem));
        }
    }

    /// <summary>
    /// Master end: the next batch of <see cref="DeviceSourceSettings.Batch"/> keys shared with
    /// <see cref="DeviceSourceSettings.SlaveSae"/>, as one block; waits (backing off) while the device cannot serve.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async ValueTask<SecretKeyBlock> NextKeyBlockAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> got = await _device.GetKeysAsync(
                _settings.SlaveSae, _settings.Batch, _settings.KeySizeBits, null, cancellationToken).ConfigureAwait(false);
            if (!got.IsSuccess)
            {
                await BackOffAsync(got.Error!, cancellationToken).ConfigureAwait(false);
                continue;
            }

            Result<SecretKeyBlock, KeyDeliveryError> block = Assemble(got.Value, expected: null, _settings.KeySizeBits);
            if (block.IsSuccess)
            {
                Interlocked.Exchange(ref _failuresInRow, 0);
                return block.Value;
            }

            await BackOffAsync(block.Error!, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The other end: the batch the master announced under <paramref name="keyIds"/> (in the master's order), fetched
    /// once with <c>dec_keys</c> as <see cref="DeviceSourceSettings.SlaveSae"/>; the device's error, or
    /// <see cref="KeyDeliveryErrorKind.InvalidResponse"/> when the answer cannot be this batch. Never repeats the call:
    /// each key ID is delivered once, so the caller decides (the master announces again).
    /// </summary>
    public Task<Result<SecretKeyBlock, KeyDeliveryError>> FetchAsync(IReadOnlyList<KeyId> keyIds, CancellationToken cancellationToken = default) =>
        FetchAsync(keyIds, _settings.KeySizeBits, cancellationToken);

    /// <summary>
    /// As <see cref="FetchAsync(IReadOnlyList{KeyId}, CancellationToken)"/>, for a batch of <paramref name="keySizeBits"/>-bit
    /// keys: the size the master announced, which the slave end takes instead of configuring its own (issue 11).
    /// </summary>
    public async Task<Result<SecretKeyBlock, KeyDeliveryError>> FetchAsync(IReadOnlyList<KeyId> keyIds, int keySizeBits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        if (keySizeBits is < 8 or > 65_536 || keySizeBits % 8 != 0)
        {
            return Result<SecretKeyBlock, KeyDeliveryError>.Fail(new KeyDeliveryError(KeyDeliveryErrorKind.BadRequest, null, $"the announced key size of {keySizeBits} bits is not a multiple of 8 from 8 to 65536"));
        }

        if (keyIds.Count == 0 || keyIds.Count != keyIds.Distinct().Count())
        {
            return Result<SecretKeyBlock, KeyDeliveryError>.Fail(new KeyDeliveryError(KeyDeliveryErrorKind.BadRequest, null, "the announced batch is empty or repeats a key ID"));
        }

        if (Seen(keyIds) is { } repeated)
        {
            return Count(new KeyDeliveryError(KeyDeliveryErrorKind.InvalidResponse, null, $"key {repeated} was delivered here before"));
        }

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> got = await _device.GetKeysWithIdsAsync(_settings.MasterSae, keyIds, cancellationToken).ConfigureAwait(false);
        if (!got.IsSuccess)
        {
            return Count(got.Error!);
        }

        Result<SecretKeyBlock, KeyDeliveryError> block = Assemble(got.Value, keyIds, keySizeBits);
        return block.IsSuccess ? block : Count(block.Error!);
    }

    /// <summary>The key IDs of <paramref name="block"/>, which this end made, in the order its bytes hold them.</summary>
    /// <exception cref="ArgumentException">The block does not come from this end.</exception>
    public IReadOnlyList<KeyId> KeyIdsOf(SecretKeyBlock block) =>
        _keyIds.TryGetValue(block, out KeyId[]? ids) ? ids : throw new ArgumentException("The block does not come from this module.", nameof(block));

    /// <summary>The ID of the block a batch becomes: its first key ID (unique, as every key ID is).</summary>
    public static Guid BlockIdOf(IReadOnlyList<KeyId> keyIds)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        return keyIds[0].Value;
    }

    /// <summary>
    /// Checks <paramref name="keys"/> (count, size, no key ID seen before) and copies them into one block in the order
    /// of <paramref name="expected"/> (the answer's order when null). Disposes (zeroes) every key, whatever happens.
    /// </summary>
    private Result<SecretKeyBlock, KeyDeliveryError> Assemble(IReadOnlyList<DeliveredKey> keys, IReadOnlyList<KeyId>? expected, int keySizeBits)
    {
        byte[]? bytes = null;
        try
        {
            int count = expected?.Count ?? _settings.Batch;
            if (keys.Count != count || keys.Any(k => k.Material.LengthBits != keySizeBits))
            {
                return Drop($"the device answered {keys.Count} keys of {string.Join('/', keys.Select(k => k.Material.LengthBits).Distinct())} bits for {count} of {keySizeBits}");
            }

            KeyId[] order = expected?.ToArray() ?? [.. keys.Select(k => k.Id)];
            Dictionary<KeyId, DeliveredKey> byId = keys.ToDictionary(k => k.Id);
            if (byId.Count != count || order.Any(id => !byId.ContainsKey(id)))
            {
                return Drop("the device's key IDs are not the batch's");
            }

            if (Remember(order) is { } repeated)
            {
                return Drop($"key {repeated} was delivered here before; the batch is dropped");
            }

            int keyBytes = keySizeBits / 8;
            bytes = new byte[count * keyBytes];
            for (int i = 0; i < count; i++)
            {
                byId[order[i]].Material.Span.CopyTo(bytes.AsSpan(i * keyBytes));
            }

            var block = new SecretKeyBlock(BlockIdOf(order), BitString.FromBytes(bytes), Qber.Zero, IsKeyGrade: true, KeyOrigin.Quantum);
            _keyIds.Add(block, order);
            Interlocked.Increment(ref _delivered);
            Interlocked.Add(ref _deliveredBits, (long)count * keySizeBits);
            return block;
        }
        finally
        {
            if (bytes is not null)
            {
                CryptographicOperations.ZeroMemory(bytes);
            }

            foreach (DeliveredKey key in keys)
            {
                key.Material.Dispose();
            }
        }
    }

    private Result<SecretKeyBlock, KeyDeliveryError> Drop(string reason)
    {
        Interlocked.Increment(ref _aborted);
        return Result<SecretKeyBlock, KeyDeliveryError>.Fail(new KeyDeliveryError(KeyDeliveryErrorKind.InvalidResponse, null, reason));
    }

    /// <summary>The first of <paramref name="ids"/> seen before, or null.</summary>
    private KeyId? Seen(IReadOnlyList<KeyId> ids)
    {
        lock (_seenLock)
        {
            return FirstSeenLocked(ids);
        }
    }

    private KeyId? FirstSeenLocked(IReadOnlyList<KeyId> ids)
    {
        foreach (KeyId id in ids)
        {
            if (_seen.Contains(id.Value))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Records <paramref name="ids"/> as seen, all or none: the first seen before, or null when all were new.</summary>
    private KeyId? Remember(IReadOnlyList<KeyId> ids)
    {
        lock (_seenLock)
        {
            if (FirstSeenLocked(ids) is { } repeated)
            {
                return repeated;
            }

            foreach (KeyId id in ids)
            {
                _seen.Add(id.Value);
                _seenOrder.Enqueue(id.Value);
                if (_seenOrder.Count > RememberedKeyIds)
                {
                    _seen.Remove(_seenOrder.Dequeue());
                }
            }

            return null;
        }
    }

    private Result<SecretKeyBlock, KeyDeliveryError> Count(KeyDeliveryError error)
    {
        long failures = Interlocked.Increment(ref _failures);
        Volatile.Write(ref _lastProblem, Describe(error));
        LogDeviceFailed(_logger, LinkName, failures, Describe(error));
        return Result<SecretKeyBlock, KeyDeliveryError>.Fail(error);
    }

    /// <summary>Counts <paramref name="error"/> and waits: the poll interval, doubled per failure in a row up to 2^5 times.</summary>
    private async Task BackOffAsync(KeyDeliveryError error, CancellationToken cancellationToken)
    {
        Count(error);
        int inRow = Interlocked.Increment(ref _failuresInRow);
        TimeSpan delay = _settings.PollInterval * (1 << Math.Min(inRow - 1, MaxBackoffDoublings));
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(KeyDeliveryError error) =>
        error.StatusCode is { } status ? $"{error.Kind} ({status}): {error.Message}" : $"{error.Kind}: {error.Message}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: the QKD device's ETSI 014 API failed ({Failures} so far): {Problem}")]
    private static partial void LogDeviceFailed(ILogger logger, string link, long failures, string problem);
}
