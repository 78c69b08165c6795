namespace QkdNet.Services.Statistics.Data;

/// <summary>A table's name and columns (public metadata, known to every party and to the analyst).</summary>
public sealed record TableSchema(string Name, IReadOnlyList<ColumnSchema> Columns)
{
    /// <summary>The column called <paramref name="name"/> (case-insensitive), or null.</summary>
    public ColumnSchema? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The columns as stored, in order: every column, each followed by its limbs or its category indicators when it has them.</summary>
    public IEnumerable<string> StoredColumns()
    {
        foreach (ColumnSchema column in Columns)
        {
            yield return column.Name;
            if (column.LimbBits is not null)
            {
                yield return column.LimbNames.High;
                yield return column.LimbNames.Low;
            }

            if (column.HasIndicators)
            {
                for (int code = 1; code <= column.Categories.Count; code++)
                {
                    yield return column.IndicatorName(code);
                }
            }
        }
    }

    /// <summary>The largest magnitude of stored column <paramref name="stored"/> (a column or a limb).</summary>
    public long MaxAbsOf(string stored) =>
        (Find(stored) ?? Columns.First(c => stored.StartsWith(c.Name + ".", StringComparison.OrdinalIgnoreCase))).MaxAbsOf(stored);
}
