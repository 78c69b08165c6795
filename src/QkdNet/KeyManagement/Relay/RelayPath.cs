namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// One path a relayed key share takes, as the route source (<see cref="IRelayRouteSource"/>) chose it: its nodes from
/// origin to destination and the link of each hop.
/// </summary>
/// <param name="Nodes">Origin first, destination last; no node twice.</param>
/// <param name="Links">Links[i] joins Nodes[i] and Nodes[i + 1].</param>
/// <param name="Cost">The route source's cost of the path (its routing weights), for logs only.</param>
public sealed record RelayPath(IReadOnlyList<KmeId> Nodes, IReadOnlyList<LinkId> Links, double Cost)
{
    /// <summary>Number of hops (links).</summary>
    public int Hops => Links.Count;

    /// <summary>For example <c>koganei -[koganei-otemachi-1]-&gt; otemachi (cost 3.2)</c>, as a control-layer route prints.</summary>
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
