using System.Globalization;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.Storage.Postgres;

public sealed partial class PostgresKeyStore
{
    private const string SealName = "seal";
    private const string StoreSubject = "store";

    /// <inheritdoc />
    public Task<KeyStoreResult<SealInitialization>> InitializeSealAsync(SealSetup setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (IsInitialized)
        {
            return Task.FromResult(KeyStoreResult<SealInitialization>.Failure(KeyStoreError.AlreadyInitialized, "The key store already has a master key."));
        }

        // the slow KDF runs on the caller's thread, not the writer's
        SealRecord record = MasterKeySealer.Create(setup, out MasterKey masterKey, out IReadOnlyList<ShamirShare> shares);
        var cipher = new RowCipher(masterKey);
        return Enqueue(
            () =>
            {
                if (_sealRecord is not null)
                {
                    return KeyStoreResult<SealInitialization>.Failure(KeyStoreError.AlreadyInitialized, "The key store already has a master key.");
                }

                WriteMeta(SealName, record.ToBytes());
                _sealRecord = record;
                _cipher = cipher;
                AppendAudit(AuditEventKind.Initialize, StoreSubject, string.Create(CultureInfo.InvariantCulture,
                    $"passphrase={record.HasPassphrase};shares={record.ShareThreshold}-of-{record.ShareCount}"));
                return KeyStoreResult<SealInitialization>.Success(new SealInitialization(shares));
            },
            result =>
            {
                if (result.IsSuccess)
                {
                    // rolled back: the writer reloads the seal record; forget the key but keep it for a retry
                    _cipher = null;
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeyStoreResult<bool>> UnsealWithPassphraseAsync(string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return Unseal(record => MasterKeySealer.OpenWithPassphrase(record, passphrase), cancellationToken);
    }

    /// <inheritdoc />
    public Task<KeyStoreResult<bool>> UnsealWithSharesAsync(IReadOnlyList<ShamirShare> shares, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shares);
        return Unseal(record => MasterKeySealer.OpenWithShares(record, shares), cancellationToken);
    }

    /// <inheritdoc />
    public Task SealAsync() => Enqueue(
        () =>
        {
            RowCipher? cipher = _cipher;
            _cipher = null;
            cipher?.Dispose();
            return KeyStoreResult<bool>.Success(true);
        },
        null,
        CancellationToken.None);

    private Task<KeyStoreResult<bool>> Unseal(Func<SealRecord, KeyStoreResult<MasterKey>> open, CancellationToken cancellationToken)
    {
        SealRecord? record = _sealRecord;
        if (record is null)
        {
            return Task.FromResult(KeyStoreResult<bool>.Failure(KeyStoreError.NotInitialized, "The key store has no master key yet."));
        }

        if (!IsSealed)
        {
            return Task.FromResult(KeyStoreResult<bool>.Success(true));
        }

        KeyStoreResult<MasterKey> opened = open(record);
        if (!opened.IsSuccess)
        {
            return Task.FromResult(opened.Cast<bool>());
        }

        var cipher = new RowCipher(opened.Value!);
        bool installed = false;
        return Enqueue(
            () =>
            {
                // installing the key writes nothing, so a retry after another request's failure finds it in place
                if (!installed)
                {
                    if (_cipher is null)
                    {
                        _cipher = cipher;
                    }
                    else
                    {
                        cipher.Dispose();
                    }

                    installed = true;
                }

                return KeyStoreResult<bool>.Success(true);
            },
            null,
            cancellationToken);
    }
}
