using System.CommandLine;
using System.Globalization;
using QkdNet.Control.Topology;
using QkdNet.Node.Pki;

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
        var command = new Command("dev-network", "Write a loopback development deployment of a topology, with a controller, and print how to start it.");
        foreach (Option option in new Option[] { topology, output, paths, simulated })
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
            string port = net.ControllerPort.ToString(CultureInfo.InvariantCulture);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"# stores: passphrase in {Path.Combine(directory, "passphrase")} (mode 600), PBKDF2-HMAC-SHA256 with {net.Pbkdf2Iterations:N0} iterations (the store's production setting); no CA key is kept")).ConfigureAwait(false);
            await stdout.WriteLineAsync($"# controller ({net.ControllerUrl}):").ConfigureAwait(false);
            await stdout.WriteLineAsync($"qkdnet controller --topology {net.Topology} --listen 127.0.0.1:{port} --cert {Path.Combine(net.Pki, "controller.crt")} --key {Path.Combine(net.Pki, "controller.key")} --ca {Path.Combine(net.Pki, "ca.crt")} --admin-cert {Path.Combine(net.Pki, DevelopmentNetwork.Admin + ".crt")}").ConfigureAwait(false);
            foreach (string node in net.Saes.Keys)
            {
                await stdout.WriteLineAsync($"# {node} ({net.UrlOf(node)}), SAEs: {string.Join(", ", net.Saes[node])}").ConfigureAwait(false);
                await stdout.WriteLineAsync($"qkdnet node --config {net.ConfigOf(node)}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
