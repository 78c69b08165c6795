using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.Tests.KeyManagement.Support;

/// <summary>
/// An <see cref="IKeyStore"/> that forwards every member it must implement to <paramref name="inner"/> and keeps the
/// interface's default members (<see cref="IKeyStore.ReserveConfirmedAsync"/>), as a store written before them would.
/// </summary>
internal sealed class ForwardingKeyStore(IKeyStore inner) : IKeyStore
{
    public bool IsSealed => inner.IsSealed;

    public bool IsInitialized => inner.IsInitialized;

    public int MaxKeysPerRequest => inner.MaxKeysPerRequest;

    public int MaxKeySizeBits => inner.MaxKeySizeBits;

    public int MaxSlavesPerKey => inner.MaxSlavesPerKey;

    public Task<Result<SealInitialization, KeyStoreFailure>> InitializeSealAsync(SealSetup setup, CancellationToken cancellationToken = default) => inner.InitializeSealAsync(setup, cancellationToken);

    public Task<Result<bool, KeyStoreFailure>> UnsealWithPassphraseAsync(string passphrase, CancellationToken cancellationToken = default) => inner.UnsealWithPassphraseAsync(passphrase, cancellationToken);

    public Task<Result<bool, KeyStoreFailure>> UnsealWithSharesAsync(IReadOnlyList<ShamirShare> shares, CancellationToken cancellationToken = default) => inner.UnsealWithSharesAsync(shares, cancellationToken);

    public Task SealAsync() => inner.SealAsync();

    public Task<Result<PoolStatus, KeyStoreFailure>> IngestBlockAsync(LinkId link, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken = default) =>
        inner.IngestBlockAsync(link, block, material, cancellationToken);

    public Task<Result<Reservation, KeyStoreFailure>> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default) => inner.ReserveAsync(request, cancellationToken);

    public Task<Result<int, KeyStoreFailure>> ImportAsync(ReservationDescriptor reservation, CancellationToken cancellationToken = default) => inner.ImportAsync(reservation, cancellationToken);

    public Task<Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default) => inner.FetchAsync(request, cancellationToken);

    public Task<Result<int, KeyStoreFailure>> SweepExpiredAsync(CancellationToken cancellationToken = default) => inner.SweepExpiredAsync(cancellationToken);

    public Result<PoolStatus, KeyStoreFailure> GetPoolStatus(LinkId link) => inner.GetPoolStatus(link);

    public Task<AuditVerification> VerifyAuditChainAsync(CancellationToken cancellationToken = default) => inner.VerifyAuditChainAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
