using QkdNet.Control.Routing;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;

namespace QkdNet.Tests.Control.Routing;

/// <summary>The reference answer for small graphs: every simple path, every combination of k of them.</summary>
internal static class BruteForceDisjoint
{
    public static double? MinimumTotalCost(NetworkSnapshot snapshot, KmeId from, KmeId to, int k)
    {
        var paths = new List<(HashSet<KmeId> Inner, HashSet<LinkId> Links, double Cost)>();
        Walk(snapshot, from, to, [from], [], 0, paths);
        double? best = null;
        Choose(paths, k, 0, [], 0, ref best);
        return best;
    }

    private static void Walk(NetworkSnapshot s, KmeId at, KmeId to, List<KmeId> nodes, List<LinkId> links, double cost,
        List<(HashSet<KmeId>, HashSet<LinkId>, double)> output)
    {
        if (at == to)
        {
            output.Add(([.. nodes.Skip(1).Take(nodes.Count - 2)], [.. links], cost));
            return;
        }

        foreach (TopologyLink link in s.Topology.LinksOf(at))
        {
            LinkState state = s.LinkStates[link.Id];
            KmeId next = link.OtherEnd(at);
            if (state.Quarantined || nodes.Contains(next))
            {
                continue;
            }

            nodes.Add(next);
            links.Add(link.Id);
            Walk(s, next, to, nodes, links, cost + s.Weights.WeightOf(state), output);
            nodes.RemoveAt(nodes.Count - 1);
            links.RemoveAt(links.Count - 1);
        }
    }

    private static void Choose(List<(HashSet<KmeId> Inner, HashSet<LinkId> Links, double Cost)> paths, int k, int start,
        List<int> chosen, double cost, ref double? best)
    {
        if (chosen.Count == k)
        {
            best = best is null ? cost : Math.Min(best.Value, cost);
            return;
        }

        for (int i = start; i < paths.Count; i++)
        {
            if (chosen.All(c => !paths[c].Inner.Overlaps(paths[i].Inner) && !paths[c].Links.Overlaps(paths[i].Links)))
            {
                chosen.Add(i);
                Choose(paths, k, i + 1, chosen, cost + paths[i].Cost, ref best);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }
    }
}
