using System.Globalization;
using System.Security.Cryptography;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

public partial class KeyStoreEngine
{
    /// <inheritdoc />
    /// <remarks>
    /// Overlaps the two durable writes: the writer decides the material and key IDs inside its transaction (so no other
    /// request can take them), starts <paramref name="confirm"/> just before COMMIT, and the task completes once the batch has
    /// committed and the confirmation has answered. See <see cref="IKeyStore.ReserveConfirmedAsync"/> for the safety
    /// argument; a batch that rolls back after the confirmation started fails this reservation instead of retrying it, and
    /// consumes (zeroes) the very material it named in a transaction of its own, so this end never uses those bytes either.
    /// </remarks>
    public Task<Result<Reservation, KeyStoreFailure>> ReserveConfirmedAsync(
        ReserveRequest request, Func<ReservationDescriptor, CancellationToken, Task<string?>> confirm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(confirm);
        if (CheckReserve(request) is { } invalid)
        {
            return Task.FromResult(Invalid<Reservation>(invalid));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Result<Reservation, KeyStoreFailure>>(cancellationToken);
        }

        var operation = new ConfirmedReserveOperation(() => Reserve(request), Burn, confirm, cancellationToken);
        Submit(operation);
        return operation.Task;
    }

    /// <summary>
    /// Consumes and zeroes the still-free material of <paramref name="descriptor"/> without making keys of it: a reservation
    /// whose confirmation had started rolled back, and the peer may hold those bytes. Audited as destroyed.
    /// </summary>
    private Result<int, KeyStoreFailure> Burn(ReservationDescriptor descriptor)
    {
        if (_cipher is not { } cipher)
        {
            return SealedFailure<int>();
        }

        LinkPool pool = _pools.Of(descriptor.Link);
        var ranges = new List<(KeyBlock Block, int Offset, int Length)>(descriptor.Keys.Count);
        foreach (KeyAllocation key in descriptor.Keys)
        {
            if (pool.Find(key.Block) is { } block && block.InRange(key.OffsetBytes, key.LengthBytes) && block.IsFree(key.OffsetBytes, key.LengthBytes))
            {
                pool.Mark(block, key.OffsetBytes, key.LengthBytes);
                ranges.Add((block, key.OffsetBytes, key.LengthBytes));
            }
        }

        foreach (byte[] bytes in TakeMaterial(cipher, pool, ranges))
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        AppendAudit(AuditEventKind.Destroy, descriptor.Link.Value, string.Create(CultureInfo.InvariantCulture,
            $"reason=unconfirmed-reservation-rolled-back;keys={KeyStoreRules.DescribeKeys(descriptor.Keys)}"));
        pool.Compact();
        return Result<int, KeyStoreFailure>.Ok(ranges.Count);
    }
}
