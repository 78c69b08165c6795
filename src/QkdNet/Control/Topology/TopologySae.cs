using QkdNet.KeyManagement;

namespace QkdNet.Control.Topology;

/// <summary>A secure application entity and the node whose KME serves it.</summary>
/// <param name="Id">The SAE ID.</param>
/// <param name="Home">The KME that serves it.</param>
public sealed record TopologySae(SaeId Id, KmeId Home);
