using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.Node.Cloud;
using QkdNet.Services.Cloud.Client;
using QkdNet.Services.Cloud.Password;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet cloud password</c> protects the owner's root key with one password (TOPPSS across the servers,
/// docs/cloud-password.md); <c>cloud restore-map --password-file F</c> gets the root key back from the password alone.
/// </summary>
internal static partial class CloudCommands
{
    /// <summary>The message for every way a password restore can fail to verify: it never says which server, nor whether the user exists.</summary>
    internal const string WrongPassword = "the password is wrong, or no password is set up for this owner (or too few servers answered honestly).";

    private static Option<string> PasswordFileOption(bool required) => new("--password-file")
    {
        Description = "A file whose first line is the password (keep it owner-only; '-' reads standard input).",
        Required = required,
    };

    private static Command Password(TextWriter stdout)
    {
        var passwordFile = PasswordFileOption(required: true);
        var (config, json) = (ConfigOption(), JsonOption());
        var command = new Command("password", "Protect the owner's root key with a password (TOPPSS over the servers): afterwards restore-map --password-file needs nothing else.") { passwordFile, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using CloudSession session = OpenSession(parse.GetValue(config)!);
            string password = ReadPassword(parse.GetValue(passwordFile)!, "password");
            (PasswordRestoreClient client, UserId user) = PasswordParties(session, "password");
            byte[] root = session.LoadOrCreateRootKey();
            try
            {
                PasswordSetupResult setup = await client.SetupAsync(user, password, root, cancellationToken).ConfigureAwait(false);
                if (!setup.IsDone)
                {
                    throw new UsageException("password: " + (setup.Status == PasswordSetupStatus.AlreadyEnrolled
                        ? "a password is already set up for this owner; nothing was changed."
                        : setup.Problem + string.Concat(setup.Failures.Select(f => $" {f.Server}: {f.Reason}"))));
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(root);
            }

            string? backup = await session.SaveAndBackUpMapAsync(cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(parse.GetValue(json)
                ? Json.Serialize(new { user = user.Value, servers = client.ServerCount, threshold = client.Threshold, map_backed_up = backup is null })
                : string.Create(CultureInfo.InvariantCulture, $"the root key of {user} is now restorable with the password from any {client.Threshold} of {client.ServerCount} servers{(backup is null ? "; the map is backed up." : "; warning: the map backup failed: " + backup)}")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>The root key restored from <paramref name="passwordFile"/> through TOPPSS; one line naming the problem otherwise.</summary>
    private static async Task<byte[]> RestoreRootKeyAsync(CloudSession session, string passwordFile, CancellationToken cancellationToken)
    {
        string password = ReadPassword(passwordFile, "restore-map");
        (PasswordRestoreClient client, UserId user) = PasswordParties(session, "restore-map");
        PasswordRestoreResult restored = await client.RestoreAsync(user, password, cancellationToken).ConfigureAwait(false);
        using KeyMaterial? secret = restored.Secret;
        return restored.Status switch
        {
            PasswordRestoreStatus.Restored when secret is { Length: CloudClient.RootKeyBytes } => secret.Span.ToArray(),
            PasswordRestoreStatus.RateLimited => throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"restore-map: too many wrong passwords for this owner; the servers allow the next try in {Math.Ceiling(restored.RetryAfter.TotalSeconds)} s.")),
            PasswordRestoreStatus.NotEnoughServers => throw new UsageException(
                $"restore-map: fewer than {client.Threshold} of {client.ServerCount} servers answered:" + string.Concat(restored.Failures.Select(f => $" {f.Server} ({f.Reason})"))),
            _ => throw new UsageException("restore-map: " + WrongPassword),
        };
    }

    private static (PasswordRestoreClient Client, UserId User) PasswordParties(CloudSession session, string command)
    {
        Result<UserId> user = UserId.Create(session.OwnerName());
        if (!user.IsSuccess)
        {
            throw new UsageException($"{command}: the client certificate's name is not a usable user name: {user.Error}");
        }

        Result<PasswordRestoreClient> client = session.PasswordClient();
        return client.IsSuccess ? (client.Value, user.Value) : throw new UsageException($"{command}: {client.Error}");
    }

    private static string ReadPassword(string path, string command)
    {
        string? line;
        try
        {
            line = path == "-" ? Console.In.ReadLine() : File.ReadLines(path).FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{command}: cannot read the password file {path}: {e.Message}");
        }

        return string.IsNullOrEmpty(line) ? throw new UsageException($"{command}: the password file {path} is empty (the password is its first line).") : line;
    }
}
