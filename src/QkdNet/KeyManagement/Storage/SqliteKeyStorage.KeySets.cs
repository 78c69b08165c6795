using System.Globalization;
using System.Numerics;
using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

// Statements over a set of keys: one statement per group of keys instead of one per key.
internal sealed partial class SqliteKeyStorage
{
    /// <summary>
    /// The most keys one statement names. A set is cut into groups whose sizes are powers of two up to this, so every
    /// statement over a set comes from one of seven cached shapes (1, 2, 4, ..., 64 keys) whatever the request size,
    /// and a group binds at most 64 * 2 + 4 parameters (SQLite allows 32,766).
    /// </summary>
    private const int MaxKeysPerStatement = 64;

    private static readonly int Shapes = BitOperations.Log2(MaxKeysPerStatement) + 1;

    /// <summary>The SQL of each shape, index log2(keys in the group), built once per statement kind.</summary>
    private static readonly string[] InsertKeysSql = BuildShapes(n =>
        "INSERT INTO keys(key_id, link, master, slaves, pending, expires_at, sealed) VALUES "
        + string.Join(", ", Enumerable.Range(0, n).Select(i => Invariant($"($id{i}, $link, $master, $slaves, $slaves, $expires, $sealed{i})"))) + ";");

    private static readonly string[] ExistingKeysSql = BuildShapes(n => $"SELECT key_id FROM keys WHERE key_id IN ({IdList(n)});");

    private static readonly string[] ReadKeysSql = BuildShapes(n => $"SELECT key_id, link, master, slaves, pending, expires_at, sealed FROM keys WHERE key_id IN ({IdList(n)});");

    private static readonly string[] DeleteKeysSql = BuildShapes(n => $"DELETE FROM keys WHERE key_id IN ({IdList(n)});");

    private static readonly string[] KeepReceiptsSql = BuildShapes(n => $"UPDATE keys SET pending = '', sealed = NULL WHERE key_id IN ({IdList(n)});");

    /// <summary>The parameter names <c>$id0</c>, <c>$id1</c>, ... and <c>$sealed0</c>, ... of the largest shape, built once.</summary>
    private static readonly string[] IdNames = [.. Enumerable.Range(0, MaxKeysPerStatement).Select(i => Invariant($"$id{i}"))];

    private static readonly string[] SealedNames = [.. Enumerable.Range(0, MaxKeysPerStatement).Select(i => Invariant($"$sealed{i}"))];

    /// <summary>
    /// Cuts <paramref name="count"/> items into consecutive groups, each the largest power of two that fits in what is
    /// left, up to <see cref="MaxKeysPerStatement"/> (16 keys: one group; 1000 keys: 15 of 64, then 32, 8).
    /// </summary>
    /// <returns>Each group's start, length and shape (log2 of its length).</returns>
    internal static IEnumerable<(int Start, int Length, int Shape)> KeyGroups(int count)
    {
        for (int start = 0; start < count;)
        {
            int shape = Math.Min(BitOperations.Log2((uint)(count - start)), Shapes - 1);
            int length = 1 << shape;
            yield return (start, length, shape);
            start += length;
        }
    }

    private static string[] BuildShapes(Func<int, string> sql) => [.. Enumerable.Range(0, Shapes).Select(shape => sql(1 << shape))];

    private static string IdList(int n) => string.Join(", ", Enumerable.Range(0, n).Select(i => Invariant($"$id{i}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The cached statement of <paramref name="shapes"/>[<paramref name="shape"/>] with the IDs of the group bound.</summary>
    private SqliteCommand KeySetCommand(string[] shapes, int shape, IReadOnlyList<KeyId> keyIds, int start)
    {
        SqliteCommand command = Command(shapes[shape]);
        for (int i = 0; i < 1 << shape; i++)
        {
            command.Parameters.AddWithValue(IdNames[i], keyIds[start + i].ToBytes());
        }

        return command;
    }
}
