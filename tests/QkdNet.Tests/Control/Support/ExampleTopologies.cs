using QkdNet.Control.Topology;

namespace QkdNet.Tests.Control.Support;

/// <summary>Finds and loads the checked-in files under examples/topologies.</summary>
internal static class ExampleTopologies
{
    public const int WideAreaNodes = 110;
    public const int WideAreaSeed = 2010;

    public static string PathOf(string fileName)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QkdNet.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "examples", "topologies", fileName);
    }

    public static NetworkTopology Tokyo() => TopologyJsonReader.Load(PathOf("tokyo-qkd-network.json")).Value;
}
