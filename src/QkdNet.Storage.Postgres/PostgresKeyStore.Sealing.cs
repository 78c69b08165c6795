using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore : ISealableStore
{
    /// <inheritdoc />
    SealRecord? ISealableStore.SealRecord
    {
        get => _sealRecord;
        set => _sealRecord = value;
    }

    /// <inheritdoc />
    RowCipher? ISealableStore.Cipher
    {
        get => _cipher;
        set => _cipher = value;
    }

    /// <inheritdoc />
    public Task<Result<SealInitialization, KeyStoreFailure>> InitializeSealAsync(SealSetup setup, CancellationToken cancellationToken = default) =>
        StoreSealing.InitializeAsync(this, setup, cancellationToken);

    /// <inheritdoc />
    public Task<Result<bool, KeyStoreFailure>> UnsealWithPassphraseAsync(string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return StoreSealing.UnsealAsync(this, record => MasterKeySealer.OpenWithPassphrase(record, passphrase), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<bool, KeyStoreFailure>> UnsealWithSharesAsync(IReadOnlyList<ShamirShare> shares, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shares);
        return StoreSealing.UnsealAsync(this, record => MasterKeySealer.OpenWithShares(record, shares), cancellationToken);
    }

    /// <inheritdoc />
    public Task SealAsync() => StoreSealing.SealAsync(this);

    /// <inheritdoc />
    Task<Result<T, KeyStoreFailure>> ISealableStore.Enqueue<T>(Func<Result<T, KeyStoreFailure>> body, Action<Result<T, KeyStoreFailure>>? discard, CancellationToken cancellationToken) =>
        Enqueue(body, discard, cancellationToken);

    /// <inheritdoc />
    void ISealableStore.WriteMeta(string name, byte[] value) => WriteMeta(name, value);

    /// <inheritdoc />
    void ISealableStore.AppendAudit(AuditEventKind kind, string subject, string detail) => AppendAudit(kind, subject, detail);
}
