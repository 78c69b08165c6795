namespace QkdNet.Control.Topology;

/// <summary>One thing wrong with a topology, located by list and index so a file reader can turn it into a line.</summary>
/// <param name="Section">Which list.</param>
/// <param name="Index">The entry's position in its list (0-based); -1 for the network as a whole.</param>
/// <param name="Field">The field at fault, or null for the whole entry.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record TopologyProblem(TopologySection Section, int Index, string? Field, string Message)
{
    /// <summary>For example <c>links[2].a: unknown node 'Foo'</c>.</summary>
    public override string ToString()
    {
        string where = Section switch
        {
            TopologySection.Nodes => $"nodes[{Index}]",
            TopologySection.Links => $"links[{Index}]",
            TopologySection.Saes => $"saes[{Index}]",
            _ => "network",
        };
        return Field is null ? $"{where}: {Message}" : $"{where}.{Field}: {Message}";
    }
}
