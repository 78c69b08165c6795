using QkdNet.KeyManagement;

namespace QkdNet.Control.Routing;

/// <summary>One relay path: its nodes from origin to destination and the link of each hop.</summary>
/// <param name="Nodes">Origin first, destination last; no node twice.</param>
/// <param name="Links">Links[i] joins Nodes[i] and Nodes[i + 1].</param>
/// <param name="Cost">Sum of the hops' routing weights (<see cref="RoutingWeights"/>).</param>
public sealed record Route(IReadOnlyList<KmeId> Nodes, IReadOnlyList<LinkId> Links, double Cost)
{
    /// <summary>Number of hops (links).</summary>
    public int Hops => Links.Count;

    /// <summary>The nodes strictly between origin and destination (the trusted relays).</summary>
    public IEnumerable<KmeId> IntermediateNodes => Nodes.Skip(1).Take(Nodes.Count - 2);

    /// <summary>
    /// Link key this route consumes to relay a key of <paramref name="keyBits"/> bits, in bits: each
    /// hop one-time-pads the key, so hops x key size (authentication pad not included).
    /// </summary>
    public long KeyCostBits(int keyBits) => (long)Hops * keyBits;

    /// <summary>For example <c>koganei -[koganei-otemachi-1]-&gt; otemachi (cost 3.2)</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string> { Nodes[0].Value };
        for (int i = 0; i < Links.Count; i++)
        {
            parts.Add($"-[{Links[i]}]-> {Nodes[i + 1]}");
        }

        return $"{string.Join(' ', parts)} (cost {Cost:0.###})";
    }
}
