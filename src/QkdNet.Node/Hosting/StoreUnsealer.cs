using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Hosting;

/// <summary>
/// Opens the store at start: initialises a new store when configured to (passphrase, and shares written to
/// <see cref="UnsealSettings.SharesOut"/>), then unseals with the passphrase from the environment variable
/// or file. Without a passphrase the node stays sealed (key routes answer 503) until an operator posts
/// unseal shares to <c>/admin/v1/unseal</c>.
/// </summary>
public sealed partial class StoreUnsealer(IKeyStore store, UnsealSettings settings, ILogger<StoreUnsealer> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? passphrase = ReadPassphrase();
        if (!store.IsInitialized)
        {
            if (!settings.Initialize || passphrase is null)
            {
                LogNotInitialized(logger, settings.Initialize ? MissingPassphrase(settings) : "unseal.initialize is not set");
                return;
            }

            Result<SealInitialization, KeyStoreFailure> init = await store.InitializeSealAsync(
                new SealSetup(passphrase, settings.ShareThreshold, settings.ShareCount, settings.Pbkdf2Iterations), cancellationToken).ConfigureAwait(false);
            if (!init.TryGetValue(out SealInitialization? created))
            {
                LogUnsealFailed(logger, init.Error!.Code.ToString());
                return;
            }

            WriteShares(created.Shares);
            LogInitialized(logger);
            return;
        }

        if (passphrase is null)
        {
            LogSealed(logger, MissingPassphrase(settings));
            return;
        }

        Result<bool, KeyStoreFailure> opened = await store.UnsealWithPassphraseAsync(passphrase, cancellationToken).ConfigureAwait(false);
        if (opened.Error is { } failure)
        {
            LogUnsealFailed(logger, failure.Code.ToString());
        }
        else
        {
            LogUnsealed(logger);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Why <paramref name="settings"/> give no passphrase in this process, naming the variable or file to fix (null when they
    /// give one): what start-up logs, and what <c>node --check</c> reports before anything starts.
    /// </summary>
    public static string? MissingPassphrase(UnsealSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.PassphraseEnv is { } name && Environment.GetEnvironmentVariable(name) is { Length: > 0 })
        {
            return null;
        }

        if (settings.PassphraseFile is { } file)
        {
            return !File.Exists(file) ? $"the passphrase file {file} (unseal.passphrase_file) does not exist"
                : string.IsNullOrEmpty(File.ReadLines(file).FirstOrDefault()) ? $"the passphrase file {file} (unseal.passphrase_file) is empty"
                : null;
        }

        return settings.PassphraseEnv is { } missing
            ? $"the environment variable {missing} (unseal.passphrase_env) is not set"
            : "the configuration names no passphrase (unseal.passphrase_env or unseal.passphrase_file)";
    }

    private string? ReadPassphrase()
    {
        if (settings.PassphraseEnv is { } name && Environment.GetEnvironmentVariable(name) is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        if (settings.PassphraseFile is { } file)
        {
            string? line = File.ReadLines(file).FirstOrDefault();
            return string.IsNullOrEmpty(line) ? null : line;
        }

        return null;
    }

    private void WriteShares(IReadOnlyList<ShamirShare> shares)
    {
        if (shares.Count == 0 || settings.SharesOut is not { } path)
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            foreach (ShamirShare share in shares)
            {
                writer.WriteLine(share.ToPortableText());
                share.Dispose();
            }
        }

        LogSharesWritten(logger, shares.Count.ToString(CultureInfo.InvariantCulture), path);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The key store has no master key and none was created: {Reason}. Key routes answer 503 until the node restarts with it.")]
    private static partial void LogNotInitialized(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the key store's master key; the store is unsealed.")]
    private static partial void LogInitialized(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The key store is sealed: {Reason}. Set it and restart the node, or, for a store created with unseal shares, post them to /admin/v1/unseal. Key routes answer 503 until then.")]
    private static partial void LogSealed(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unsealed the key store with the passphrase.")]
    private static partial void LogUnsealed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not open the key store ({Error}); it stays sealed.")]
    private static partial void LogUnsealFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wrote {Count} unseal shares to {Path}; hand them to their custodians and delete the file.")]
    private static partial void LogSharesWritten(ILogger logger, string count, string path);
}
