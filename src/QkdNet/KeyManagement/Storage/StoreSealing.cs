using System.Globalization;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.KeyManagement.Storage;

/// <summary>What the seal logic needs from a key store: its seal state, its single writer, and two writes made inside the writer's transaction.</summary>
internal interface ISealableStore
{
    /// <summary>The sealed master key record; null until the store is initialised.</summary>
    SealRecord? SealRecord { get; set; }

    /// <summary>The row cipher under the open master key; null while sealed.</summary>
    RowCipher? Cipher { get; set; }

    /// <summary>Runs <paramref name="body"/> on the store's writer, inside a transaction; <paramref name="discard"/> undoes its in-memory effects when the transaction rolls back.</summary>
    Task<Result<T, KeyStoreFailure>> Enqueue<T>(Func<Result<T, KeyStoreFailure>> body, Action<Result<T, KeyStoreFailure>>? discard, CancellationToken cancellationToken);

    /// <summary>Writes a named metadata value (on the writer).</summary>
    void WriteMeta(string name, byte[] value);

    /// <summary>Appends an audit record (on the writer).</summary>
    void AppendAudit(AuditEventKind kind, string subject, string detail);
}

/// <summary>
/// Initialising, unsealing and sealing a key store's master key, the same for every store: the slow KDF runs on the
/// caller's thread, the state change on the store's writer, so it is ordered with every key operation and audited.
/// </summary>
internal static class StoreSealing
{
    private const string SealName = "seal";
    private const string StoreSubject = "store";

    /// <summary>The metadata name the seal record is kept under.</summary>
    public static string MetaName => SealName;

    public static Task<Result<SealInitialization, KeyStoreFailure>> InitializeAsync(ISealableStore store, SealSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (store.SealRecord is not null)
        {
            return Task.FromResult(Result<SealInitialization, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.AlreadyInitialized, "The key store already has a master key.")));
        }

        SealRecord record = MasterKeySealer.Create(setup, out MasterKey masterKey, out IReadOnlyList<ShamirShare> shares);
        var cipher = new RowCipher(masterKey);
        return store.Enqueue(
            () =>
            {
                if (store.SealRecord is not null)
                {
                    return Result<SealInitialization, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.AlreadyInitialized, "The key store already has a master key."));
                }

                store.WriteMeta(SealName, record.ToBytes());
                store.SealRecord = record;
                store.Cipher = cipher;
                store.AppendAudit(AuditEventKind.Initialize, StoreSubject, string.Create(CultureInfo.InvariantCulture,
                    $"passphrase={record.HasPassphrase};shares={record.ShareThreshold}-of-{record.ShareCount}"));
                return Result<SealInitialization, KeyStoreFailure>.Ok(new SealInitialization(shares));
            },
            result =>
            {
                if (result.IsSuccess)
                {
                    // rolled back: the writer reloads the seal record; forget the key but keep it for a retry
                    store.Cipher = null;
                }
            },
            cancellationToken);
    }

    public static Task<Result<bool, KeyStoreFailure>> UnsealAsync(ISealableStore store, Func<SealRecord, Result<MasterKey, KeyStoreFailure>> open, CancellationToken cancellationToken)
    {
        SealRecord? record = store.SealRecord;
        if (record is null)
        {
            return Task.FromResult(Result<bool, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.NotInitialized, "The key store has no master key yet.")));
        }

        if (store.Cipher is not null)
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
        return store.Enqueue(
            () =>
            {
                // installing the key writes nothing, so a retry after another request's failure finds it in place
                if (!installed)
                {
                    if (store.Cipher is null)
                    {
                        store.Cipher = cipher;
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

    public static Task SealAsync(ISealableStore store) => store.Enqueue(
        () =>
        {
            RowCipher? cipher = store.Cipher;
            store.Cipher = null;
            cipher?.Dispose();
            return Result<bool, KeyStoreFailure>.Ok(true);
        },
        null,
        CancellationToken.None);
}
