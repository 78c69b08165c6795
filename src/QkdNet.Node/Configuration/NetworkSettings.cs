using QkdNet.Control.Topology;

namespace QkdNet.Node.Configuration;

/// <summary>
/// What a node needs to relay keys beyond its neighbours: the network (nodes, links, where every SAE is
/// homed), how to relay, and the controller it reports to. Absent from <see cref="NodeSettings"/>
/// when the node only serves its direct links.
/// </summary>
/// <param name="Topology">The whole network; its node IDs are KME IDs and its link IDs those of the nodes' configurations.</param>
/// <param name="Paths">1: single-path relay; 2 to 8: the key is split into that many XOR shares over node-disjoint paths.</param>
/// <param name="Timeout">How long one relay may take end to end (also how long a destination waits for missing shares).</param>
/// <param name="Controller">The controller this node reports link health to and takes link states from, or null.</param>
public sealed record NetworkSettings(NetworkTopology Topology, int Paths, TimeSpan Timeout, ControllerLink? Controller = null);

/// <summary>Where the controller is.</summary>
/// <param name="Url">Its HTTPS base URL.</param>
/// <param name="Name">The common name its server certificate must carry.</param>
/// <param name="ReportInterval">How often the node reports and takes link states.</param>
public sealed record ControllerLink(Uri Url, string Name, TimeSpan ReportInterval);
