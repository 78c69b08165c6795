using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement;

/// <summary>
/// The durable key store of one node (KME): per-link pools of link-layer material, keys reserved for
/// ETSI 014 <c>enc_keys</c>, imported from the peer KME, fetched by <c>dec_keys</c>. Every completed
/// state change is durable before its task completes, so an answer may be sent as soon as it returns.
/// Expected failures come back as <see cref="Result{T, TError}"/> errors and consume nothing.
/// Thread-safe: any number of callers may use it at once.
/// </summary>
/// <remarks>
/// How a KME uses it for one key exchange across a link (A master side, B slave side):
/// <list type="number">
/// <item>both: <see cref="IngestBlockAsync"/> for every block the link layer delivers (same IDs, same bytes);</item>
/// <item>A, <c>enc_keys</c>: <see cref="ReserveAsync"/>, send <see cref="Reservation.Descriptor"/> to B over Kx;</item>
/// <item>B, Kx handler: <see cref="ImportAsync"/>, answer A with the outcome;</item>
/// <item>A: answer the master SAE with the keys only when B's import succeeded; otherwise dispose them (the
/// material is spent, never reused, so a half-done exchange can waste but never duplicate a key);</item>
/// <item>(A may do the last three steps as one with <see cref="ReserveConfirmedAsync"/>, which can overlap the two commits);</item>
/// <item>B, <c>dec_keys</c>: <see cref="FetchAsync"/> with the caller from the client certificate;</item>
/// <item>both, periodically: <see cref="SweepExpiredAsync"/>.</item>
/// </list>
/// Both nodes may be master for different SAEs on the same link; when both pick the same bytes, the later
/// import is refused with <see cref="KeyStoreError.MaterialUnavailable"/>, so a Kx protocol that splits
/// each link's blocks between the two directions avoids the waste.
/// </remarks>
public interface IKeyStore : IAsyncDisposable
{
    /// <summary>Whether the master key is closed (every key operation answers <see cref="KeyStoreError.Sealed"/>).</summary>
    bool IsSealed { get; }

    /// <summary>Whether a master key exists (false for a new store until <see cref="InitializeSealAsync"/>).</summary>
    bool IsInitialized { get; }

    /// <summary>Most keys per reserve, import or fetch request (ETSI <c>max_key_per_request</c>).</summary>
    int MaxKeysPerRequest { get; }

    /// <summary>Largest key, in bits (ETSI <c>max_key_size</c>); the smallest is 8 (<c>min_key_size</c>).</summary>
    int MaxKeySizeBits { get; }

    /// <summary>Most slave SAEs per reservation (ETSI <c>max_SAE_ID_count</c> + 1).</summary>
    int MaxSlavesPerKey { get; }

    /// <summary>Creates the master key of a new store and leaves the store unsealed. Slow with a passphrase (PBKDF2).</summary>
    Task<Result<SealInitialization, KeyStoreFailure>> InitializeSealAsync(SealSetup setup, CancellationToken cancellationToken = default);

    /// <summary>Opens the master key with the operator passphrase. Slow by design (PBKDF2).</summary>
    Task<Result<bool, KeyStoreFailure>> UnsealWithPassphraseAsync(string passphrase, CancellationToken cancellationToken = default);

    /// <summary>Opens the master key from at least the threshold of unseal shares.</summary>
    Task<Result<bool, KeyStoreFailure>> UnsealWithSharesAsync(IReadOnlyList<ShamirShare> shares, CancellationToken cancellationToken = default);

    /// <summary>Forgets the master key (zeroed); later key operations answer <see cref="KeyStoreError.Sealed"/>.</summary>
    Task SealAsync();

    /// <summary>Adds a block of link-layer secret material. The bytes are copied (encrypted) before the task completes; keep the buffer unchanged until then, then clear it.</summary>
    Task<Result<PoolStatus, KeyStoreFailure>> IngestBlockAsync(LinkId link, BlockId block, ReadOnlyMemory<byte> material, CancellationToken cancellationToken = default);

    /// <summary>Master side: consumes material for fresh keys, records them as delivered to the master and reserved for the slaves.</summary>
    Task<Result<Reservation, KeyStoreFailure>> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Master side: <see cref="ReserveAsync"/> and the peer's import in one step. <paramref name="confirm"/> gets the
    /// reservation's descriptor and makes the peer hold it durably (null: it does; otherwise why not, never key bytes).
    /// Succeeds only when both the local reservation and the confirmation did; otherwise no key is handed out and the
    /// material the reservation named is spent (<see cref="KeyStoreError.NotConfirmed"/> when only the confirmation
    /// failed).
    /// </summary>
    /// <remarks>
    /// This default runs the two one after the other (commit, then confirm). An implementation may instead start the
    /// confirmation as soon as it has decided the material and key IDs (before its own commit is durable) and complete
    /// when both are done, so the two durable writes overlap. That is safe because a key reaches an SAE only when both
    /// ends hold it durably, and a half-done exchange leaves the material consumed at one end only: if the local commit
    /// fails after the peer imported, the peer's keys are never fetched (their IDs went to nobody) and expire, and
    /// any later attempt to use those bytes again needs the peer's import, which refuses material it consumed
    /// (<see cref="KeyStoreError.MaterialUnavailable"/>). Material can be wasted, never served twice.
    /// <paramref name="confirm"/> must return quickly (do its work asynchronously): it may run on the store's writer.
    /// </remarks>
    async Task<Result<Reservation, KeyStoreFailure>> ReserveConfirmedAsync(
        ReserveRequest request, Func<ReservationDescriptor, CancellationToken, Task<string?>> confirm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(confirm);
        Result<Reservation, KeyStoreFailure> reserved = await ReserveAsync(request, cancellationToken).ConfigureAwait(false);
        if (!reserved.TryGetValue(out Reservation? reservation))
        {
            return reserved;
        }

        string? failure = await ConfirmationOutcome.RunAsync(confirm, reservation.Descriptor, cancellationToken).ConfigureAwait(false);
        return ConfirmationOutcome.Settle(reservation, failure);
    }

    /// <summary>Slave side: consumes exactly the material the master's reservation names and holds the keys for the slaves. Returns the number of keys imported.</summary>
    Task<Result<int, KeyStoreFailure>> ImportAsync(ReservationDescriptor reservation, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="IngestBlockAsync"/> of <paramref name="material"/> as block <paramref name="block"/> of <paramref name="link"/>,
    /// then <see cref="ImportAsync"/> of <paramref name="reservation"/> (which names that block): how a relay's destination
    /// stores the key it received. Returns the number of keys imported, or the first failure (an import that fails leaves
    /// the block ingested, as the two calls would).
    /// </summary>
    /// <remarks>
    /// This default queues the two back to back, so a store with group commit usually makes them one durable write; an
    /// implementation may run both as one request, so they always are.
    /// </remarks>
    async Task<Result<int, KeyStoreFailure>> IngestAndImportAsync(
        LinkId link, BlockId block, ReadOnlyMemory<byte> material, ReservationDescriptor reservation, CancellationToken cancellationToken = default)
    {
        Task<Result<PoolStatus, KeyStoreFailure>> ingest = IngestBlockAsync(link, block, material, cancellationToken);
        Task<Result<int, KeyStoreFailure>> import = ImportAsync(reservation, cancellationToken);
        Result<PoolStatus, KeyStoreFailure> ingested = await ingest.ConfigureAwait(false);
        Result<int, KeyStoreFailure> imported = await import.ConfigureAwait(false);
        return ingested.IsSuccess ? imported : ingested.Cast<int>();
    }

    /// <summary>Slave side: hands keys to a slave SAE, each at most once per slave; all or nothing.</summary>
    Task<Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Destroys every reserved key whose expiry has passed; returns how many.</summary>
    Task<Result<int, KeyStoreFailure>> SweepExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>The pool of <paramref name="link"/> (an empty pool with the configured options when nothing was ingested yet). Cheap, from memory.</summary>
    Result<PoolStatus, KeyStoreFailure> GetPoolStatus(LinkId link);

    /// <summary>Checks the audit log's hash chain (and, while unsealed, the signed head).</summary>
    Task<AuditVerification> VerifyAuditChainAsync(CancellationToken cancellationToken = default);
}
