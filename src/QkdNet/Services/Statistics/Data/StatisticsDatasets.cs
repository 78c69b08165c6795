namespace QkdNet.Services.Statistics.Data;

/// <summary>The datasets the share servers accept, by name (public schemas, known to every server and analyst).</summary>
public static class StatisticsDatasets
{
    /// <summary>Every dataset's schema.</summary>
    public static IReadOnlyList<TableSchema> All { get; } = [CustomersDataset.Schema];

    /// <summary>The schema of <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TableSchema? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The names, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(s => s.Name));
}
