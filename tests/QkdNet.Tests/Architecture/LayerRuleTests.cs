using System.Text.RegularExpressions;

namespace QkdNet.Tests.Architecture;

/// <summary>
/// Keeps the layer rule of docs/ARCHITECTURE.md honest by reading the sources: a library layer uses only the layers
/// below it (and the shared folders), and the KME host's namespaces form no cycle beyond the back edges listed here,
/// each of which is still present (so the list only shrinks). Comments are not code: a <c>see cref</c> does not count.
/// </summary>
public sealed partial class LayerRuleTests
{
    /// <summary>The library's folders, bottom up; a folder may use those of a lower or equal rank only.</summary>
    private static readonly Dictionary<string, int> LibraryRanks = new(StringComparer.Ordinal)
    {
        ["Primitives"] = 0,
        ["Reporting"] = 0,
        ["Quantum"] = 1,
        ["PostProcessing"] = 2,
        ["KeyManagement"] = 3,
        ["Control"] = 4,
        ["Services"] = 5,
        ["Simulation"] = 6,
    };

    /// <summary>
    /// Dependencies of the host that still point back and close a cycle (issue 16, §5), with the reason each is left.
    /// Remove an entry when its cause is gone; the test then keeps it gone.
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> KnownNodeBackEdges = new();

    [Fact]
    public void Library_NoLayerUsesALayerAboveIt()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "QkdNet");
        var violations = new List<string>();
        foreach ((string layer, int rank) in LibraryRanks)
        {
            foreach (string file in SourceFiles(Path.Combine(root, layer)))
            {
                foreach (Match m in LibraryReference().Matches(Code(file)))
                {
                    string used = m.Groups[1].Value;
                    if (LibraryRanks.TryGetValue(used, out int usedRank) && usedRank > rank)
                    {
                        violations.Add($"{Path.GetRelativePath(root, file)} uses {layer} -> {used}");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, "layers used from below:\n" + string.Join('\n', violations.Distinct()));
    }

    /// <summary>
    /// Issue 16, §2: distillation takes device-neutral detection records (Quantum/Detections), so a real device's
    /// detections distil without simulator types. Only the simulated link, which joins the simulator to the pipeline,
    /// may name the simulator from post-processing.
    /// </summary>
    [Fact]
    public void PostProcessing_UsesTheSimulatorOnlyInTheSimulatedLink()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "QkdNet");
        string[] users = [.. SourceFiles(Path.Combine(root, "PostProcessing"))
            .Where(f => Code(f).Contains("QkdNet.Quantum.Simulation", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))];

        Assert.Equal(["PostProcessing/Pipeline/SimulatedQkdLink.cs"], users);
    }

    [Fact]
    public void Library_EveryLayerFolderIsRanked()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "QkdNet");
        string[] folders = [.. Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Where(f => f is not ("bin" or "obj"))];

        Assert.DoesNotContain(folders, f => !LibraryRanks.ContainsKey(f));
    }

    [Fact]
    public void NodeHost_NamespacesFormNoCycleBeyondTheKnownBackEdges()
    {
        Dictionary<string, HashSet<string>> graph = NodeNamespaceGraph();

        string[] stale = [.. KnownNodeBackEdges.Keys.Where(e => !graph.GetValueOrDefault(e.From, []).Contains(e.To)).Select(e => $"{e.From} -> {e.To}")];
        Assert.True(stale.Length == 0, "known back edges that no longer exist (remove them from the list): " + string.Join(", ", stale));

        foreach ((string from, string to) in KnownNodeBackEdges.Keys)
        {
            graph[from].Remove(to);
        }

        List<List<string>> cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, "namespace cycles in QkdNet.Node: " + string.Join("; ", cycles.Select(c => string.Join(" <-> ", c.Order(StringComparer.Ordinal)))));
    }

    /// <summary>
    /// Issue 16, §5: development tooling (the development PKI, the dev-network generators, the embedded demo network,
    /// the benches' self-contained set-ups) lives in QkdNet.Development, which uses the host; the production host never
    /// uses it back, neither by project reference nor by name.
    /// </summary>
    [Fact]
    public void NodeHost_DoesNotUseTheDevelopmentTooling()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "QkdNet.Node");
        string project = File.ReadAllText(Path.Combine(root, "QkdNet.Node.csproj"));
        string[] users = [.. SourceFiles(root)
            .Where(f => Code(f).Contains("QkdNet.Development", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))];

        Assert.DoesNotContain("QkdNet.Development", project, StringComparison.Ordinal);
        Assert.Empty(users);
        Assert.False(Directory.Exists(Path.Combine(root, "Pki")), "src/QkdNet.Node/Pki is development tooling: it belongs in src/QkdNet.Development");
    }

    [Fact]
    public void StronglyConnected_FindsACycleAndLeavesAChainApart()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["a"] = ["b"],
            ["b"] = ["c"],
            ["c"] = ["a"],
            ["d"] = ["a"],
        };

        List<List<string>> components = StronglyConnected(graph);

        Assert.Contains(components, c => c.Order(StringComparer.Ordinal).SequenceEqual(["a", "b", "c"]));
        Assert.Contains(components, c => c.SequenceEqual(["d"]));
    }

    /// <summary>Which namespace under QkdNet.Node uses which other: a <c>using</c>, or a type of the other named with its namespace (<c>Network.LinkRegistry</c>).</summary>
    private static Dictionary<string, HashSet<string>> NodeNamespaceGraph()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "QkdNet.Node");
        string[] namespaces = [.. Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Where(f => f is not ("bin" or "obj" or "Properties"))];
        Dictionary<string, string[]> code = namespaces.ToDictionary(n => n, n => SourceFiles(Path.Combine(root, n)).Select(Code).ToArray());
        Dictionary<string, HashSet<string>> types = namespaces.ToDictionary(n => n, n => code[n].SelectMany(c => TypeDeclaration().Matches(c).Select(m => m.Groups[1].Value)).ToHashSet());
        var graph = namespaces.ToDictionary(n => n, _ => new HashSet<string>());
        foreach (string from in namespaces)
        {
            foreach (string text in code[from])
            {
                foreach (Match m in NodeUsing().Matches(text))
                {
                    graph[from].Add(m.Groups[1].Value);
                }

                foreach (string to in namespaces.Where(n => n != from && types[n].Any(t => Regex.IsMatch(text, $@"(?<![\w.])(?:QkdNet\.Node\.)?{n}\.{t}\b"))))
                {
                    graph[from].Add(to);
                }
            }

            graph[from].Remove(from);
            graph[from].IntersectWith(namespaces);
        }

        return graph;
    }

    /// <summary>Tarjan's strongly connected components (Tarjan 1972, SIAM J. Comput. 1(2)).</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in graph.GetValueOrDefault(v, []))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                components.Add(component);
            }
        }

        foreach (string v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return components;
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The file without its line comments (XML documentation included): what the compiler binds.</summary>
    private static string Code(string file) => LineComment().Replace(File.ReadAllText(file), string.Empty);

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "QkdNet.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("QkdNet.slnx not found above the test's folder.");
    }

    [GeneratedRegex(@"\bQkdNet\.(\w+)")]
    private static partial Regex LibraryReference();

    [GeneratedRegex(@"using QkdNet\.Node\.(\w+);")]
    private static partial Regex NodeUsing();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();
}
