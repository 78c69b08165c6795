using QkdNet.KeyManagement;

namespace QkdNet.Control.Topology;

/// <summary>Cross-reference checks shared by <see cref="NetworkTopology.Create"/> and the file readers.</summary>
public sealed partial class NetworkTopology
{
    /// <summary>
    /// Every cross-reference problem: duplicate IDs, links to unknown nodes or from a node to itself,
    /// SAEs homed at unknown nodes, values out of range. Empty when the topology is sound.
    /// </summary>
    internal static List<TopologyProblem> Validate(string name, IReadOnlyList<TopologyNode> nodes,
        IReadOnlyList<TopologyLink> links, IReadOnlyList<TopologySae> saes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(saes);
        var problems = new List<TopologyProblem>();
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new(TopologySection.Network, -1, "name", "the network needs a name."));
        }

        if (nodes.Count == 0)
        {
            problems.Add(new(TopologySection.Network, -1, "nodes", "the network needs at least one node."));
        }

        var nodeIds = new Dictionary<KmeId, int>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (!nodeIds.TryAdd(nodes[i].Id, i))
            {
                problems.Add(new(TopologySection.Nodes, i, "id", $"duplicate node id '{nodes[i].Id}' (first used by nodes[{nodeIds[nodes[i].Id]}])."));
            }
        }

        var linkIds = new Dictionary<LinkId, int>();
        for (int i = 0; i < links.Count; i++)
        {
            TopologyLink link = links[i];
            if (!linkIds.TryAdd(link.Id, i))
            {
                problems.Add(new(TopologySection.Links, i, "id", $"duplicate link id '{link.Id}' (first used by links[{linkIds[link.Id]}])."));
            }

            if (!nodeIds.ContainsKey(link.A))
            {
                problems.Add(new(TopologySection.Links, i, "a", $"link '{link.Id}' names unknown node '{link.A}'."));
            }

            if (!nodeIds.ContainsKey(link.B))
            {
                problems.Add(new(TopologySection.Links, i, "b", $"link '{link.Id}' names unknown node '{link.B}'."));
            }

            if (link.A == link.B)
            {
                problems.Add(new(TopologySection.Links, i, "b", $"link '{link.Id}' joins node '{link.A}' to itself."));
            }

            if (!(link.QberThreshold > 0 && link.QberThreshold <= 0.5))
            {
                problems.Add(new(TopologySection.Links, i, "qberThreshold", $"QBER threshold must be in (0, 0.5], got {link.QberThreshold}."));
            }

            if (!(link.SpeedUp >= 1 && double.IsFinite(link.SpeedUp)))
            {
                problems.Add(new(TopologySection.Links, i, "speedUp", $"speed-up must be a finite number >= 1, got {link.SpeedUp}."));
            }
        }

        var saeIds = new Dictionary<SaeId, int>();
        for (int i = 0; i < saes.Count; i++)
        {
            if (!saeIds.TryAdd(saes[i].Id, i))
            {
                problems.Add(new(TopologySection.Saes, i, "id", $"duplicate SAE id '{saes[i].Id}' (first used by saes[{saeIds[saes[i].Id]}])."));
            }

            if (!nodeIds.ContainsKey(saes[i].Home))
            {
                problems.Add(new(TopologySection.Saes, i, "home", $"SAE '{saes[i].Id}' names unknown home node '{saes[i].Home}'."));
            }
        }

        return problems;
    }
}
