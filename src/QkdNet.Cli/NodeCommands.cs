using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;
using QkdNet.Node.Hosting;

namespace QkdNet.Cli;

/// <summary><c>qkdnet node --config node.json</c>: runs one KME until Ctrl+C or SIGTERM.</summary>
internal static class NodeCommands
{
    public static Command Create(TextWriter stdout)
    {
        var config = new Option<string>("--config") { Description = "The node's configuration file (see deploy/node-a.json).", Required = true };
        var check = new Option<bool>("--check") { Description = "Only check the configuration and exit." };
        var node = new Command("node", "Run one trusted node: its KME (ETSI GS QKD 014 over mutual TLS), Kx to its peers, its QKD links.");
        node.Options.Add(config);
        node.Options.Add(check);
        node.SetAction(async (parse, cancellationToken) =>
        {
            ConfigResult loaded = NodeConfigLoader.Load(parse.GetValue(config)!);
            if (!loaded.IsSuccess)
            {
                throw new UsageException("configuration: " + loaded.Error);
            }

            if (parse.GetValue(check))
            {
                if (NodeCheck.StartupProblem(loaded.Settings!) is { } problem)
                {
                    throw new UsageException("key store: " + problem);
                }

                if (NodeCheck.SealedWarning(loaded.Settings!) is { } warning)
                {
                    await stdout.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
                }

                return 0;
            }

            await using WebApplication app = KmeHost.Build(loaded.Settings!);
            try
            {
                // opened before the host starts: a store that cannot be opened (another process holds it, say) is then one
                // line here, not a hosting failure logged with its stack
                _ = app.Services.GetRequiredService<IKeyStore>();
                await app.RunAsync().ConfigureAwait(false);
            }
            catch (KeyStoreOpenException e)
            {
                throw new UsageException("key store: " + e.Message);
            }

            return 0;
        });
        return node;
    }
}
