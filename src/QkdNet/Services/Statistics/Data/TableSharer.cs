using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Statistics.Field;

namespace QkdNet.Services.Statistics.Data;

/// <summary>
/// The data owner's side of an upload: checks every value against its column's schema and shares the table column by
/// column with Shamir over <see cref="Fp61"/> (degree t) among n parties. Randomness from a CTR_DRBG keystream seeded
/// by the system generator unless the caller gives a source (seeded only in tests).
/// </summary>
public static class TableSharer
{
    /// <summary>Element j of the result is party j's shares; a value outside its column's bounds fails the whole upload.</summary>
    public static Result<SharedTable[]> Share(
        TableSchema schema, IReadOnlyDictionary<string, long[]> columns, int parties, int threshold,
        ShamirSharing.ShareRandomness? randomness = null)
    {
        long rows = -1;
        foreach (ColumnSchema column in schema.Columns)
        {
            if (!columns.TryGetValue(column.Name, out long[]? values))
            {
                return Result<SharedTable[]>.Fail($"column '{column.Name}' of table '{schema.Name}' has no values.");
            }

            if (rows >= 0 && values.Length != rows)
            {
                return Result<SharedTable[]>.Fail($"column '{column.Name}' has {values.Length} values, the others {rows}.");
            }

            rows = values.Length;
            int bad = Array.FindIndex(values, v => v < column.Min || v > column.Max);
            if (bad >= 0)
            {
                return Result<SharedTable[]>.Fail($"row {bad + 1}: column '{column.Name}' holds {values[bad]}, outside [{column.Min}, {column.Max}].");
            }
        }

        using var keystream = randomness is null ? new AesCtrRandomness() : null;
        ShamirSharing.ShareRandomness source = randomness ?? keystream!.Fill;
        var perParty = new Dictionary<string, ulong[]>[parties];
        for (int j = 0; j < parties; j++)
        {
            perParty[j] = [];
        }

        void ShareColumn(string name, IEnumerable<long> values)
        {
            ulong[] elements = values.Select(Fp61.FromSigned).ToArray();
            ulong[][] shares = FpShamir.Share(elements, threshold, parties, source);
            Array.Clear(elements);
            for (int j = 0; j < parties; j++)
            {
                perParty[j][name] = shares[j];
            }
        }

        foreach (ColumnSchema column in schema.Columns)
        {
            long[] values = columns[column.Name];
            ShareColumn(column.Name, values);
            if (column.LimbBits is int bits)
            {
                // the owner splits its own values (non-negative, checked above): value = high 2^bits + low
                ShareColumn(column.LimbNames.High, values.Select(v => v >> bits));
                ShareColumn(column.LimbNames.Low, values.Select(v => v & ((1L << bits) - 1)));
            }

            if (column.HasIndicators)
            {
                for (int code = 1; code <= column.Categories.Count; code++)
                {
                    // the owner's own one-hot encoding of its values: [value = code]
                    ShareColumn(column.IndicatorName(code), values.Select(v => v == code ? 1L : 0L));
                }
            }
        }

        return perParty.Select(c => new SharedTable(schema, Math.Max(rows, 0), c)).ToArray();
    }
}
