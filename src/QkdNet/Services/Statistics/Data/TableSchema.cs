namespace QkdNet.Services.Statistics.Data;

/// <summary>A table's name and columns (public metadata, known to every party and to the analyst).</summary>
public sealed record TableSchema(string Name, IReadOnlyList<ColumnSchema> Columns)
{
    /// <summary>The column called <paramref name="name"/> (case-insensitive), or null.</summary>
    public ColumnSchema? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
