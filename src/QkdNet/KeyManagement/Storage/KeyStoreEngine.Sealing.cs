using System.Globalization;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement.Storage;

// Initialising, unsealing and sealing the master key: the slow KDF runs on the caller's thread, the state change on the
// writer, so it is ordered with every key operation and audited.
public partial class KeyStoreEngine
{
    private const string SealMetaName = "seal";
    private const string StoreSubject = "store";

    /// <inheritdoc />
    public Task<Result<SealInitialization, KeyStoreFailure>> InitializeSealAsync(SealSetup setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (_sealRecord is not null)
        {
            return Task.FromResult<Result<SealInitialization, KeyStoreFailure>>(AlreadyInitialized());
        }

        SealRecord record = MasterKeySealer.Create(setup, out MasterKey masterKey, out IReadOnlyList<ShamirShare> shares);
        var cipher = new RowCipher(masterKey);
        return Enqueue<SealInitialization>(
            () =>
            {
                if (_sealRecord is not null)
                {
                    return AlreadyInitialized();
                }

                _backend.WriteMeta(SealMetaName, record.ToBytes());
                _sealRecord = record;
                _cipher = cipher;
                AppendAudit(AuditEventKind.Initialize, StoreSubject, string.Create(CultureInfo.InvariantCulture,
                    $"passphrase={record.HasPassphrase};shares={record.ShareThreshold}-of-{record.ShareCount}"));
                return new SealInitialization(shares);
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

        static KeyStoreFailure AlreadyInitialized() => new(KeyStoreError.AlreadyInitialized, "The key store already has a master key.");
    }

    /// <inheritdoc />
    public Task<Result<bool, KeyStoreFailure>> UnsealWithPassphraseAsync(string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return UnsealAsync(record => MasterKeySealer.OpenWithPassphrase(record, passphrase), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<bool, KeyStoreFailure>> UnsealWithSharesAsync(IReadOnlyList<ShamirShare> shares, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shares);
        return UnsealAsync(record => MasterKeySealer.OpenWithShares(record, shares), cancellationToken);
    }

    /// <inheritdoc />
    public Task SealAsync() => Enqueue(
        () =>
        {
            RowCipher? cipher = _cipher;
            _cipher = null;
            ForgetHeadKey();
            cipher?.Dispose();
            return Result<bool, KeyStoreFailure>.Ok(true);
        },
        null,
        CancellationToken.None);

    private Task<Result<bool, KeyStoreFailure>> UnsealAsync(Func<SealRecord, Result<MasterKey, KeyStoreFailure>> open, CancellationToken cancellationToken)
    {
        SealRecord? record = _sealRecord;
        if (record is null)
        {
            return Task.FromResult<Result<bool, KeyStoreFailure>>(new KeyStoreFailure(KeyStoreError.NotInitialized, "The key store has no master key yet."));
        }

        if (_cipher is not null)
        {
            return Task.FromResult(Result<bool, KeyStoreFailure>.Ok(true));
        }

        Result<MasterKey, KeyStoreFailure> opened = open(record);
        if (!opened.TryGetValue(out MasterKey? key))
        {
            return Task.FromResult(opened.Cast<bool>());
        }

        var cipher = new RowCipher(key);
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

                return Result<bool, KeyStoreFailure>.Ok(true);
            },
            null,
            cancellationToken);
    }
}
