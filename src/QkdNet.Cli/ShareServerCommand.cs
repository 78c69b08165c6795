using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using QkdNet.Node.Cloud;

namespace QkdNet.Cli;

/// <summary><c>qkdnet share-server --config F</c>: runs one data server of the secure cloud until Ctrl+C or SIGTERM.</summary>
internal static class ShareServerCommand
{
    public static Command Create(TextWriter stdout)
    {
        var config = new Option<string>("--config") { Description = "The share server's configuration file (see deploy/share-server.json).", Required = true };
        var check = new Option<bool>("--check") { Description = "Only check the configuration and exit." };
        var command = new Command("share-server", "Run one data server of the secure cloud: shares under random IDs, mutual TLS, role policy, hash-chained audit.");
        command.Options.Add(config);
        command.Options.Add(check);
        command.SetAction(async (parse, cancellationToken) =>
        {
            Result<ShareServerSettings> loaded = ShareServerConfigLoader.Load(parse.GetValue(config)!);
            if (!loaded.IsSuccess)
            {
                throw new UsageException("configuration: " + loaded.Error);
            }

            ShareServerSettings settings = loaded.Value;
            if (parse.GetValue(check))
            {
                await stdout.WriteLineAsync($"configuration of share server {settings.Name} is valid: listens on {settings.Listen}.").ConfigureAwait(false);
                return 0;
            }

            ListenProbe.ThrowIfInUse(settings.Listen, "listen in " + parse.GetValue(config));
            WebApplication app;
            try
            {
                app = await ShareServerHost.BuildAsync(settings).ConfigureAwait(false);
            }
            catch (ShareServerStartException e)
            {
                throw new UsageException("share server: " + e.Message);
            }

            await using (app.ConfigureAwait(false))
            {
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
