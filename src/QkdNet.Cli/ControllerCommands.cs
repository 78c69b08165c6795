using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.Node.Configuration;
using QkdNet.Node.Controller;
using QkdNet.Node.Security;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet controller --topology FILE --listen HOST:PORT --cert --key --ca [--admin-cert PEM]</c>: holds the topology, takes link
/// health reports from the nodes, raises alarms, quarantines attacked links and pushes routing snapshots back;
/// serves <c>/controller/v1/health</c> (JSON), <c>/metrics</c> (Prometheus text) and the operator's dashboard at <c>/dashboard/</c>. Runs until Ctrl+C or SIGTERM.
/// </summary>
internal static partial class ControllerCommands
{
    public static Command Create(TextWriter stdout)
    {
        var topology = new Option<string>("--topology") { Description = "The network's topology file (JSON, or YAML when it ends .yaml or .yml; e.g. examples/topologies/tokyo-qkd-network.json).", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on (HTTPS, mutual TLS).", DefaultValueFactory = _ => "127.0.0.1:8440" };
        var cert = new Option<string>("--cert") { Description = "The controller's certificate (PEM; common name 'controller'); not needed with --check." };
        var key = new Option<string>("--key") { Description = "Its private key (PKCS#8 PEM); not needed with --check." };
        var ca = new Option<string>("--ca") { Description = "The CA bundle the nodes' certificates chain to; not needed with --check." };
        var recovery = new Option<int>("--recovery-samples") { Description = "Good blocks in a row that lift a link's quarantine.", DefaultValueFactory = _ => 3 };
        var admins = new Option<string[]>("--admin-cert") { Description = "An operator's certificate (PEM) that may read health and metrics: its common name and SHA-256 are pinned. Repeat as needed.", AllowMultipleArgumentsPerToken = true };
        var viewers = new Option<string[]>("--viewer-cert") { Description = "A read-only viewer's certificate (PEM) for the dashboard: its common name and SHA-256 are pinned. Repeat as needed.", AllowMultipleArgumentsPerToken = true };
        var development = new Option<bool>("--development") { Description = "Development mode: the dashboard may switch an eavesdropper on a simulated link (nodes marked development obey)." };
        var check = new Option<bool>("--check") { Description = "Only check the topology and exit." };
        var json = new Option<bool>("--json") { Description = "With --check, print one JSON object; when running, log one JSON object a line." };
        var command = new Command("controller", "Run the network controller: topology, link health, alarms, quarantine, routes pushed to nodes, metrics.");
        foreach (Option option in new Option[] { topology, listen, cert, key, ca, recovery, admins, viewers, development, check, json })
        {
            command.Options.Add(option);
        }

        command.Subcommands.Add(DevNetwork(stdout));
        command.Subcommands.Add(NetnsNetwork(stdout));
        command.SetAction(async (parse, cancellationToken) =>
        {
            Result<NetworkTopology> loaded = TopologyFile.Load(parse.GetValue(topology)!);
            if (!loaded.IsSuccess)
            {
                throw new UsageException("topology: " + loaded.Error);
            }

            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out IPEndPoint? endpoint) || endpoint.Port == 0)
            {
                throw new UsageException("--listen must be HOST:PORT with an IP address and a port.");
            }

            if (parse.GetValue(recovery) < 1)
            {
                throw new UsageException("--recovery-samples must be at least 1.");
            }

            // --check checks the topology and the options alone: a topology is checked before any certificate exists
            if (parse.GetValue(check))
            {
                NetworkTopology t = loaded.Value;
                await stdout.WriteLineAsync(parse.GetValue(json)
                    ? Json.Serialize(new { valid = true, network = t.Name, nodes = t.Nodes.Count, links = t.Links.Count })
                    : $"topology {t.Name} is valid: {t.Nodes.Count} nodes, {t.Links.Count} links.").ConfigureAwait(false);
                return 0;
            }

            string?[] files = [parse.GetValue(cert), parse.GetValue(key), parse.GetValue(ca)];
            string[] names = ["--cert", "--key", "--ca"];
            if (Array.FindIndex(files, f => f is null) is var absent and >= 0)
            {
                throw new UsageException($"{names[absent]} is required to run the controller (only --check goes without it).");
            }

            if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
            {
                throw new UsageException($"{missing}: no such file.");
            }

            List<AdminSettings> pinned = [.. (parse.GetValue(admins) ?? []).Select(p => PinnedAdmin(p, "--admin-cert"))];
            List<AdminSettings> pinnedViewers = [.. (parse.GetValue(viewers) ?? []).Select(p => PinnedAdmin(p, "--viewer-cert"))];
            ListenProbe.ThrowIfInUse(endpoint, "--listen");
            var settings = new ControllerSettings(loaded.Value, endpoint, new TlsSettings(Path.GetFullPath(files[0]!), Path.GetFullPath(files[1]!), Path.GetFullPath(files[2]!)),
                new LinkHealthOptions(RecoverySamples: parse.GetValue(recovery))) { Admins = pinned, Viewers = pinnedViewers, Development = parse.GetValue(development), JsonLogs = parse.GetValue(json) };
            await using WebApplication app = ControllerHost.Build(settings);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>The admin (or viewer) of the certificate in <paramref name="path"/>: its common name, pinned to its SHA-256.</summary>
    private static AdminSettings PinnedAdmin(string path, string option)
    {
        try
        {
            using X509Certificate2 certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            return new AdminSettings(TrustAnchor.CommonName(certificate), TrustAnchor.Sha256(certificate));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot read a certificate ({e.GetType().Name}).");
        }
    }
}
