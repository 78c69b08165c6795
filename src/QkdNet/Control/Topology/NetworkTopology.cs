using System.Collections.Frozen;
using QkdNet.KeyManagement;

namespace QkdNet.Control.Topology;

/// <summary>
/// A validated, immutable QKD network: trusted nodes, the QKD links between them and the SAEs each
/// node serves. Every link joins two distinct known nodes; IDs are unique. Thread-safe.
/// </summary>
public sealed partial class NetworkTopology
{
    private readonly FrozenDictionary<KmeId, TopologyNode> _nodes;
    private readonly FrozenDictionary<LinkId, TopologyLink> _links;
    private readonly FrozenDictionary<SaeId, TopologySae> _saes;
    private readonly FrozenDictionary<KmeId, TopologyLink[]> _linksByNode;

    private NetworkTopology(string name, TopologyNode[] nodes, TopologyLink[] links, TopologySae[] saes)
    {
        Name = name;
        Nodes = nodes;
        Links = links;
        Saes = saes;
        _nodes = nodes.ToFrozenDictionary(n => n.Id);
        _links = links.ToFrozenDictionary(l => l.Id);
        _saes = saes.ToFrozenDictionary(s => s.Id);
        _linksByNode = nodes.ToFrozenDictionary(n => n.Id, n => links.Where(l => l.Touches(n.Id)).ToArray());
    }

    /// <summary>The network's display name.</summary>
    public string Name { get; }

    /// <summary>The nodes, in file order.</summary>
    public IReadOnlyList<TopologyNode> Nodes { get; }

    /// <summary>The links, in file order.</summary>
    public IReadOnlyList<TopologyLink> Links { get; }

    /// <summary>The SAEs, in file order.</summary>
    public IReadOnlyList<TopologySae> Saes { get; }

    /// <summary>Validates and builds a topology; a failure lists every problem, one per line.</summary>
    public static Result<NetworkTopology> Create(string name, IReadOnlyList<TopologyNode> nodes,
        IReadOnlyList<TopologyLink> links, IReadOnlyList<TopologySae> saes)
    {
        List<TopologyProblem> problems = Validate(name, nodes, links, saes);
        if (problems.Count > 0)
        {
            return Result<NetworkTopology>.Fail(string.Join('\n', problems));
        }

        return CreateValidated(name, nodes, links, saes);
    }

    /// <summary>The node with <paramref name="id"/>, if any.</summary>
    public bool TryGetNode(KmeId id, out TopologyNode node) => _nodes.TryGetValue(id, out node!);

    /// <summary>The link with <paramref name="id"/>, if any.</summary>
    public bool TryGetLink(LinkId id, out TopologyLink link) => _links.TryGetValue(id, out link!);

    /// <summary>The SAE with <paramref name="id"/>, if any.</summary>
    public bool TryGetSae(SaeId id, out TopologySae sae) => _saes.TryGetValue(id, out sae!);

    /// <summary>Whether a node with <paramref name="id"/> exists.</summary>
    public bool ContainsNode(KmeId id) => _nodes.ContainsKey(id);

    /// <summary>The links that end at <paramref name="node"/> (empty for an unknown node).</summary>
    public IReadOnlyList<TopologyLink> LinksOf(KmeId node) =>
        _linksByNode.TryGetValue(node, out TopologyLink[]? links) ? links : [];

    /// <summary>The first link (in file order) between <paramref name="a"/> and <paramref name="b"/>, if any.</summary>
    public bool TryGetLinkBetween(KmeId a, KmeId b, out TopologyLink link)
    {
        foreach (TopologyLink candidate in LinksOf(a))
        {
            if (candidate.OtherEnd(a) == b)
            {
                link = candidate;
                return true;
            }
        }

        link = null!;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Nodes.Count} nodes, {Links.Count} links, {Saes.Count} SAEs)";

    /// <summary>Builds without validation; only for input that <see cref="Validate"/> accepted.</summary>
    internal static NetworkTopology CreateValidated(string name, IReadOnlyList<TopologyNode> nodes,
        IReadOnlyList<TopologyLink> links, IReadOnlyList<TopologySae> saes) =>
        new(name, [.. nodes], [.. links], [.. saes]);
}
