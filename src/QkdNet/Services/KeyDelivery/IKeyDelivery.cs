using QkdNet.KeyManagement;

namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// The SAE side of ETSI GS QKD 014: what an application asks of its KME. Every expected failure (400, 401, 503, no
/// answer, a malformed answer) comes back as a <see cref="KeyDeliveryError"/>, never as an exception; cancellation
/// still throws <see cref="OperationCanceledException"/>. The caller owns every returned key and disposes its
/// <see cref="DeliveredKey.Material"/> once used (that zeroes it). Implementations are thread-safe.
/// </summary>
public interface IKeyDelivery
{
    /// <summary>Get status (clause 5.1) of the link to <paramref name="slave"/>'s KME.</summary>
    Task<Result<KmeStatus, KeyDeliveryError>> GetStatusAsync(SaeId slave, CancellationToken cancellationToken = default);

    /// <summary>Get key (clause 5.2): <paramref name="number"/> new keys of <paramref name="sizeBits"/> bits shared with <paramref name="slave"/> (and <paramref name="additionalSlaves"/>); null leaves the KME's default.</summary>
    Task<Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>> GetKeysAsync(
        SaeId slave, int? number, int? sizeBits, IReadOnlyList<SaeId>? additionalSlaves = null, CancellationToken cancellationToken = default);

    /// <summary>Get key with key IDs (clause 5.3): the keys <paramref name="master"/> was given under <paramref name="ids"/> (each ID once; the answer holds exactly those keys, in the KME's order).</summary>
    Task<Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>> GetKeysWithIdsAsync(
        SaeId master, IReadOnlyList<KeyId> ids, CancellationToken cancellationToken = default);
}
