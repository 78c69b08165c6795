using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Tests.Services.KeyDelivery.Support;

/// <summary>
/// An <see cref="IKeyDelivery"/> in memory: <c>enc_keys</c> mints random keys and remembers them for <c>dec_keys</c>;
/// it keeps a reference to every byte array it handed out, so a test can check that each was zeroed. Thread-safe.
/// </summary>
public sealed class FakeKeyDelivery(int maxKeyPerRequest = 16) : IKeyDelivery
{
    private readonly Lock _lock = new();
    private readonly Dictionary<KeyId, byte[]> _minted = [];
    private readonly Queue<KeyDeliveryError> _failures = new();

    /// <summary>Every array handed out inside a <see cref="KeyMaterial"/>, master and slave copies alike.</summary>
    public List<byte[]> HandedOut { get; } = [];

    public List<int> EncKeysNumbers { get; } = [];

    public int DecKeysCalls { get; private set; }

    /// <summary>When set, every key request fails with it.</summary>
    public KeyDeliveryError? FailAll { get; set; }

    public int EncKeysCalls
    {
        get
        {
            lock (_lock)
            {
                return EncKeysNumbers.Count;
            }
        }
    }

    public void FailNext(KeyDeliveryError error)
    {
        lock (_lock)
        {
            _failures.Enqueue(error);
        }
    }

    public byte[] Original(KeyId id)
    {
        lock (_lock)
        {
            return _minted[id];
        }
    }

    public Task<Result<KmeStatus, KeyDeliveryError>> GetStatusAsync(SaeId slave, CancellationToken cancellationToken = default) =>
        Task.FromResult(Result<KmeStatus, KeyDeliveryError>.Ok(new KmeStatus("A", "B", "sae-a1", slave.Value, 256, 1000, 100_000, maxKeyPerRequest, 8192, 64, 0)));

    public Task<Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>> GetKeysAsync(
        SaeId slave, int? number, int? sizeBits, IReadOnlyList<SaeId>? additionalSlaves = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            EncKeysNumbers.Add(number ?? 1);
            if (_failures.TryDequeue(out KeyDeliveryError? error) || (error = FailAll) is not null)
            {
                return Task.FromResult(Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>.Fail(error));
            }

            var keys = new List<DeliveredKey>();
            for (int i = 0; i < (number ?? 1); i++)
            {
                KeyId id = KeyId.New();
                byte[] bytes = new byte[(sizeBits ?? 256) / 8];
                System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
                _minted[id] = [.. bytes];
                keys.Add(Hand(id, bytes));
            }

            return Task.FromResult(Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>.Ok(keys));
        }
    }

    public Task<Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>> GetKeysWithIdsAsync(SaeId master, IReadOnlyList<KeyId> ids, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            DecKeysCalls++;
            if (_failures.TryDequeue(out KeyDeliveryError? error))
            {
                return Task.FromResult(Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>.Fail(error));
            }

            return Task.FromResult(Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>.Ok([.. ids.Select(id => Hand(id, [.. _minted[id]]))]));
        }
    }

    private DeliveredKey Hand(KeyId id, byte[] bytes)
    {
        HandedOut.Add(bytes);
        return new DeliveredKey(id, KeyMaterial.TakeOwnership(bytes));
    }
}
