using System.CommandLine;
using System.Net;
using QkdNet.Control.Topology;
using QkdNet.Development.Pki;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet controller netns-network --topology FILE --out DIR --prefix P --management 10.250.7.0/24</c>: writes a
/// deployment of a topology as separate hosts in Linux network namespaces (certificates for their addresses, one
/// node.json per node) and prints the bash plan that builds the namespaces and starts the processes
/// (<c>deploy/netns/tokyo-netns.sh</c> runs it; see <see cref="NamespaceNetwork"/>).
/// </summary>
internal static partial class ControllerCommands
{
    private static Command NetnsNetwork(TextWriter stdout)
    {
        var topology = new Option<string>("--topology") { Description = "The topology to deploy (JSON, or YAML when it ends .yaml or .yml).", Required = true };
        var output = new Option<string>("--out") { Description = "An empty or missing folder for certificates, configurations and stores.", Required = true };
        var prefix = new Option<string>("--prefix") { Description = "Names the namespaces (PREFIX-node), the bridge and the veths: 1 to 8 characters a-z 0-9.", Required = true };
        var management = new Option<string>("--management") { Description = "The management network in the root namespace, an IPv4 /24 unique on this machine (e.g. 10.250.7.0/24).", Required = true };
        var controllerPort = new Option<int>("--controller-port") { Description = "The controller's port on the management bridge.", DefaultValueFactory = _ => 8440 };
        var paths = new Option<int>("--paths") { Description = "1: single-path relay; 2 to 8: XOR shares over that many node-disjoint paths.", DefaultValueFactory = _ => 1 };
        var command = new Command("netns-network", "Write a deployment of a topology with one Linux network namespace per node and print the bash plan that builds and starts it.");
        foreach (Option option in new Option[] { topology, output, prefix, management, controllerPort, paths })
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

            string cidr = parse.GetValue(management)!;
            if (!cidr.EndsWith("/24", StringComparison.Ordinal) || !IPAddress.TryParse(cidr[..^3], out IPAddress? network))
            {
                throw new UsageException($"--management must be an IPv4 /24 such as 10.250.7.0/24, got '{cidr}'.");
            }

            if (parse.GetValue(paths) is < 1 or > 8)
            {
                throw new UsageException("--paths must be 1 to 8.");
            }

            string directory = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new UsageException($"{directory} is not empty.");
            }

            Result<NamespaceNetwork> created = NamespaceNetwork.Create(directory, loaded.Value, parse.GetValue(prefix)!, network, parse.GetValue(controllerPort), parse.GetValue(paths));
            if (!created.IsSuccess)
            {
                throw new UsageException(created.Error!);
            }

            await stdout.WriteAsync(created.Value.Plan()).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
