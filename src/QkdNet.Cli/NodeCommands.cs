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
        var json = new Option<bool>("--json") { Description = "With --check, print one JSON object; when running, log one JSON object a line." };
        var node = new Command("node", "Run one trusted node: its KME (ETSI GS QKD 014 over mutual TLS), Kx to its peers, its QKD links.");
        node.Options.Add(config);
        node.Options.Add(check);
        node.Options.Add(json);
        node.SetAction(async (parse, cancellationToken) =>
        {
            Result<NodeSettings> loaded = NodeConfigLoader.Load(parse.GetValue(config)!);
            if (!loaded.IsSuccess)
            {
                // the file and the field: with two nodes' files side by side (an etsi014 link's two ends) the user must know which
                throw new UsageException($"configuration {parse.GetValue(config)}: " + loaded.Error);
            }

            NodeSettings settings = loaded.Value with { JsonLogs = parse.GetValue(json) };
            if (parse.GetValue(check))
            {
                if (NodeCheck.StartupProblem(settings) is { } problem)
                {
                    throw new UsageException("key store: " + problem);
                }

                string? warning = NodeCheck.SealedWarning(settings);
                if (parse.GetValue(json))
                {
                    await stdout.WriteLineAsync(Json.Serialize(new CheckReport(settings.KmeId.Value, settings.Listen.ToString(), settings.Links.Count, settings.Peers.Count, settings.Saes.Count, warning))).ConfigureAwait(false);
                    return 0;
                }

                if (warning is not null)
                {
                    await stdout.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
                }

                await stdout.WriteLineAsync($"configuration of {settings.KmeId.Value} is valid: listens on {settings.Listen}, {settings.Links.Count} link(s), {settings.Peers.Count} peer(s), {settings.Saes.Count} SAE(s).").ConfigureAwait(false);
                return 0;
            }

            ListenProbe.ThrowIfInUse(settings.Listen, "listen in " + parse.GetValue(config));
            await using WebApplication app = KmeHost.Build(settings);
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

    /// <summary>What <c>node --check --json</c> prints; property names become the JSON fields.</summary>
    internal sealed record CheckReport(string KmeId, string Listen, int Links, int Peers, int Saes, string? Warning)
    {
        public bool Valid => true;
    }
}
