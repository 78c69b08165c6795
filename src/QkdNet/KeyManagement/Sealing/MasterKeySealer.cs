using System.Security.Cryptography;
using System.Text;

namespace QkdNet.KeyManagement.Sealing;

/// <summary>
/// Creates a master key with its <see cref="SealRecord"/>, and opens it again from a passphrase or shares.
/// Independent of the storage, so every <see cref="IKeyStore"/> seals the same way. Thread-safe (stateless).
/// </summary>
public static class MasterKeySealer
{
    private const int SaltLength = 16;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] WrapAssociatedData = Encoding.ASCII.GetBytes("QkdNet.KeyStore.PassphraseWrap.v1");

    /// <summary>
    /// Generates a master key, wraps it under the passphrase (PBKDF2-HMAC-SHA256 then AES-256-GCM) and
    /// splits it into shares as <paramref name="setup"/> asks. Slow by design when a passphrase is given.
    /// </summary>
    public static SealRecord Create(SealSetup setup, out MasterKey masterKey, out IReadOnlyList<ShamirShare> shares)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        masterKey = MasterKey.Generate();
        byte[] salt = [];
        byte[] wrapped = [];
        if (setup.Passphrase is not null)
        {
            salt = RandomNumberGenerator.GetBytes(SaltLength);
            wrapped = new byte[NonceLength + TagLength + MasterKey.Length];
            byte[] wrappingKey = DeriveWrappingKey(setup.Passphrase, salt, setup.Pbkdf2Iterations);
            try
            {
                using var aes = new AesGcm(wrappingKey, TagLength);
                Span<byte> nonce = wrapped.AsSpan(0, NonceLength);
                RandomNumberGenerator.Fill(nonce);
                aes.Encrypt(nonce, masterKey.Bytes, wrapped.AsSpan(NonceLength + TagLength), wrapped.AsSpan(NonceLength, TagLength), WrapAssociatedData);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(wrappingKey);
            }
        }

        shares = setup.UsesShares ? ShamirSecretSharing.Split(masterKey.Bytes, setup.ShareThreshold, setup.ShareCount) : [];
        return new SealRecord(masterKey.ComputeCheckValue(), salt, setup.Passphrase is null ? 0 : setup.Pbkdf2Iterations, wrapped, setup.UsesShares ? setup.ShareThreshold : 0, setup.ShareCount);
    }

    /// <summary>Opens the master key with the passphrase; <see cref="KeyStoreError.WrongCredential"/> when it does not fit.</summary>
    public static Result<MasterKey, KeyStoreFailure> OpenWithPassphrase(SealRecord record, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(passphrase);
        if (!record.HasPassphrase)
        {
            return Result<MasterKey, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.WrongCredential, "This store has no passphrase; unseal it with shares."));
        }

        byte[] wrappingKey = DeriveWrappingKey(passphrase, record.PassphraseSalt, record.Pbkdf2Iterations);
        byte[] keyBytes = new byte[MasterKey.Length];
        try
        {
            using var aes = new AesGcm(wrappingKey, TagLength);
            ReadOnlySpan<byte> wrapped = record.WrappedMasterKey;
            aes.Decrypt(wrapped[..NonceLength], wrapped[(NonceLength + TagLength)..], wrapped.Slice(NonceLength, TagLength), keyBytes, WrapAssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(keyBytes);
            return Result<MasterKey, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.WrongCredential, "Wrong passphrase."));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }

        return Verified(record, keyBytes);
    }

    /// <summary>
    /// Opens the master key from at least the threshold of shares; <see cref="KeyStoreError.InsufficientShares"/>
    /// or <see cref="KeyStoreError.WrongCredential"/> otherwise.
    /// </summary>
    public static Result<MasterKey, KeyStoreFailure> OpenWithShares(SealRecord record, IReadOnlyList<ShamirShare> shares)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(shares);
        if (record.ShareThreshold == 0)
        {
            return Result<MasterKey, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.WrongCredential, "This store was created without unseal shares: it opens only with its passphrase, which the node reads at start-up (see the log for the variable or file it names)."));
        }

        if (shares.Count < record.ShareThreshold)
        {
            return Result<MasterKey, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.InsufficientShares, $"{shares.Count} of the {record.ShareThreshold} shares needed."));
        }

        if (!ShamirSecretSharing.TryCombine(shares, out byte[] keyBytes) || keyBytes.Length != MasterKey.Length)
        {
            CryptographicOperations.ZeroMemory(keyBytes);
            return Result<MasterKey, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.WrongCredential, "The shares are malformed, repeated or of the wrong length."));
        }

        return Verified(record, keyBytes);
    }

    private static Result<MasterKey, KeyStoreFailure> Verified(SealRecord record, byte[] keyBytes)
    {
        MasterKey key = MasterKey.TakeOwnership(keyBytes);
        if (key.Matches(record.CheckValue))
        {
            return Result<MasterKey, KeyStoreFailure>.Ok(key);
        }

        key.Dispose();
        return Result<MasterKey, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.WrongCredential, "The passphrase or shares do not open this store's master key."));
    }

    private static byte[] DeriveWrappingKey(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, MasterKey.Length);
}
