namespace QkdNet.Control.Topology;

/// <summary>The part of a topology a <see cref="TopologyProblem"/> is about.</summary>
public enum TopologySection
{
    /// <summary>The network as a whole.</summary>
    Network = 0,

    /// <summary>An entry of the node list.</summary>
    Nodes = 1,

    /// <summary>An entry of the link list.</summary>
    Links = 2,

    /// <summary>An entry of the SAE list.</summary>
    Saes = 3,
}
