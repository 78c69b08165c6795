using System.CommandLine;
using System.Globalization;
using QkdNet.Control.Topology;
using QkdNet.Development.Pki;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet controller dev-network --topology FILE --out DIR</c>: writes a loopback development deployment of a
/// topology (certificates, one node.json per node reporting to a controller, the deployed topology) and prints the
/// commands that start it.
/// </summary>
internal static partial class ControllerCommands
{
    private static Command DevNetwork(TextWriter stdout)
    {
        var topology = new Option<string>("--topology") { Description = "The topology to deploy (JSON, or YAML when it ends .yaml or .yml; e.g. examples/topologies/tokyo-qkd-network.json).", Required = true };
        var output = new Option<string>("--out") { Description = "An empty or missing folder for certificates, configurations and stores.", Required = true };
        var paths = new Option<int>("--paths") { Description = "1: single-path relay; 2 to 8: XOR shares over that many node-disjoint paths.", DefaultValueFactory = _ => 1 };
        var simulated = new Option<string[]>("--simulated") { Description = "Links whose source is the decoy-BB84 simulation (the others give random blocks).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the controller, each node's port, configuration and start command." };
        var command = new Command("dev-network", "Write a loopback development deployment of a topology, with a controller, and print how to start it.");
        foreach (Option option in new Option[] { topology, output, paths, simulated, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            Result<NetworkTopology> loaded = TopologyFile.Load(parse.GetValue(topology)!);
            if (!loaded.IsSuccess)
            {
                throw new UsageException("topology: " + loaded.Error);
            }

            string directory = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new UsageException($"{directory} is not empty.");
            }

            int count = parse.GetValue(paths);
            if (count is < 1 or > 8)
            {
                throw new UsageException("--paths must be 1 to 8.");
            }

            string[] sims = parse.GetValue(simulated) ?? [];
            if (sims.FirstOrDefault(l => !loaded.Value.Links.Any(t => t.Id.Value == l)) is { } unknown)
            {
                throw new UsageException($"--simulated: the topology has no link '{unknown}'.");
            }

            DevelopmentRelayNetwork net = DevelopmentRelayNetwork.FromTopology(directory, loaded.Value, count, simulatedLinks: sims, withController: true);
            string controller = $"qkdnet controller --topology {net.Topology} --listen 127.0.0.1:{net.ControllerPort.ToString(CultureInfo.InvariantCulture)} --cert {Path.Combine(net.Pki, "controller.crt")} --key {Path.Combine(net.Pki, "controller.key")} --ca {Path.Combine(net.Pki, "ca.crt")} --admin-cert {Path.Combine(net.Pki, DevelopmentNetwork.Admin + ".crt")} --viewer-cert {Path.Combine(net.Pki, DevelopmentRelayNetwork.Viewer + ".crt")} --development";
            var nodes = net.Saes.Keys.Select(n => new DevNode(n, net.Ports[n], net.UrlOf(n).ToString(), net.ConfigOf(n), net.Saes[n], $"qkdnet node --config {net.ConfigOf(n)}")).ToArray();
            string environment = Path.Combine(directory, "env.sh");
            await File.WriteAllLinesAsync(environment, EnvironmentLines(net, nodes), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(Json.Serialize(new DevNetworkReport(directory, net.Pki, environment, new DevNode("controller", net.ControllerPort, net.ControllerUrl.ToString(), net.Topology, [], controller), nodes))).ConfigureAwait(false);
                return 0;
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"# stores: passphrase in {Path.Combine(directory, "passphrase")} (mode 600), PBKDF2-HMAC-SHA256 with {net.Pbkdf2Iterations:N0} iterations (the store's production setting); no CA key is kept")).ConfigureAwait(false);
            await stdout.WriteLineAsync($"# the ports as shell variables (CONTROLLER, one per node in capitals, P for the pki folder): . {environment}").ConfigureAwait(false);
            await stdout.WriteLineAsync($"# controller ({net.ControllerUrl}), dashboard {net.ControllerUrl}dashboard/ (import {Path.Combine(net.Pki, DevelopmentNetwork.Admin + ".p12")} or {DevelopmentRelayNetwork.Viewer}.p12, password '{DevelopmentPki.Pkcs12Password}'; see docs/dashboard.md):").ConfigureAwait(false);
            await stdout.WriteLineAsync(controller).ConfigureAwait(false);
            foreach (DevNode node in nodes)
            {
                await stdout.WriteLineAsync($"# {node.Name} ({node.Url}), SAEs: {string.Join(", ", node.Saes)}").ConfigureAwait(false);
                await stdout.WriteLineAsync(node.Command).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>env.sh</c>: the ports as shell variables, so the commands of deploy/network/README.md run as printed
    /// (<c>CONTROLLER</c>, each node's name in capitals with other characters as <c>_</c>, and <c>P</c> the pki folder).
    /// </summary>
    private static IEnumerable<string> EnvironmentLines(DevelopmentRelayNetwork net, IEnumerable<DevNode> nodes) =>
        new[] { $"P={net.Pki}", $"CONTROLLER={net.ControllerPort.ToString(CultureInfo.InvariantCulture)}" }
            .Concat(nodes.Select(n => $"{ShellName(n.Name)}={n.Port.ToString(CultureInfo.InvariantCulture)}"));

    private static string ShellName(string node) => new([.. node.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    /// <summary>One process of the deployment; property names become the JSON fields.</summary>
    internal sealed record DevNode(string Name, int Port, string Url, string Config, IReadOnlyList<string> Saes, string Command);

    /// <summary>What <c>dev-network --json</c> prints.</summary>
    internal sealed record DevNetworkReport(string Directory, string Pki, string Environment, DevNode Controller, IReadOnlyList<DevNode> Nodes);
}
