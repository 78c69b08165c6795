namespace QkdNet.Services.Statistics.Data;

/// <summary>
/// One party's shares of a table: a column of field elements per schema column, <see cref="Rows"/> long. Holds no
/// record in the clear; any t of these together are independent of the data.
/// </summary>
public sealed class SharedTable(TableSchema schema, long rows, IReadOnlyDictionary<string, ulong[]> columns)
{
    public TableSchema Schema { get; } = schema;

    /// <summary>Number of records (public).</summary>
    public long Rows { get; } = rows;

    /// <summary>This party's shares of column <paramref name="name"/> (or of a limb, by its stored name).</summary>
    public ulong[] Column(string name) => columns[Schema.Find(name)?.Name ?? name];
}
