using QkdNet.Control.Topology;

namespace QkdNet.Node.Relay;

/// <summary>
/// What a node needs to relay keys beyond its neighbours: the network (nodes, links, where every SAE is
/// homed) and how to relay. Absent from <see cref="Configuration.NodeSettings"/> when the node only serves
/// its direct links.
/// </summary>
/// <param name="Topology">The whole network; its node IDs are KME IDs and its link IDs those of the nodes' configurations.</param>
/// <param name="Paths">1: single-path relay; 2 to 8: the key is split into that many XOR shares over node-disjoint paths.</param>
/// <param name="Timeout">How long one relay may take end to end (also how long a destination waits for missing shares).</param>
public sealed record NetworkSettings(NetworkTopology Topology, int Paths, TimeSpan Timeout);
