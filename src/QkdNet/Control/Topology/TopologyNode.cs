using QkdNet.KeyManagement;

namespace QkdNet.Control.Topology;

/// <summary>A trusted node of the network, identified by the ID of its KME.</summary>
/// <param name="Id">The node's KME ID.</param>
/// <param name="Name">A display name.</param>
/// <param name="Site">Where it stands (building, city), or null.</param>
/// <param name="Position">Its coordinates, or null.</param>
public sealed record TopologyNode(KmeId Id, string Name, string? Site = null, GeoPosition? Position = null);
