using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using QkdNet.Services.Statistics.Field;

namespace QkdNet.Services.Statistics.Data;

/// <summary>
/// One server's shares of a dataset as they travel (upload body) and rest (its file): "QSTB1", a 16-byte upload ID
/// (every server of one upload holds the same ID, so a query refuses a mix of two uploads), the dataset name
/// (length-prefixed UTF-8), the row count (int64), then every stored column (<see cref="TableSchema.StoredColumns"/>) as rows x 8 bytes
/// little-endian field elements. Parsing checks everything; a bad file or body is an error, never an exception.
/// </summary>
public static class SharedTableFile
{
    /// <summary>The length of an upload ID in bytes.</summary>
    public const int UploadIdBytes = 16;

    private static readonly byte[] Magic = "QSTB1"u8.ToArray();

    /// <summary>The bytes of <paramref name="table"/> under <paramref name="uploadId"/>.</summary>
    public static byte[] Write(SharedTable table, ReadOnlySpan<byte> uploadId)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (uploadId.Length != UploadIdBytes)
        {
            throw new ArgumentException($"an upload ID has {UploadIdBytes} bytes.", nameof(uploadId));
        }

        byte[] name = Encoding.UTF8.GetBytes(table.Schema.Name);
        long header = Magic.Length + UploadIdBytes + 2 + name.Length + 8;
        string[] stored = [.. table.Schema.StoredColumns()];
        byte[] bytes = new byte[checked(header + (table.Rows * 8 * stored.Length))];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        int at = Magic.Length;
        uploadId.CopyTo(span[at..]);
        at += UploadIdBytes;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)name.Length);
        name.CopyTo(span[(at + 2)..]);
        at += 2 + name.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], table.Rows);
        at += 8;
        foreach (string column in stored)
        {
            ReadOnlySpan<byte> words = MemoryMarshal.AsBytes(table.Column(column).AsSpan());
            words.CopyTo(span[at..]);
            at += words.Length;
        }

        return bytes;
    }

    /// <summary>Parses <paramref name="bytes"/>: the table and its upload ID (hex), or what is wrong.</summary>
    public static Result<(SharedTable Table, string UploadId)> Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Magic.Length + UploadIdBytes + 2 + 8 || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            return Result<(SharedTable, string)>.Fail("not a shared-table body (it must start with QSTB1; use qkdnet cloud upload).");
        }

        int at = Magic.Length;
        string uploadId = Convert.ToHexStringLower(bytes.Slice(at, UploadIdBytes));
        at += UploadIdBytes;
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
        at += 2;
        if (bytes.Length < at + nameLength + 8)
        {
            return Result<(SharedTable, string)>.Fail("the shared-table body ends inside its header.");
        }

        string name = Encoding.UTF8.GetString(bytes.Slice(at, nameLength));
        at += nameLength;
        TableSchema? schema = StatisticsDatasets.Find(name);
        if (schema is null)
        {
            return Result<(SharedTable, string)>.Fail($"unknown dataset '{name}' (known: {StatisticsDatasets.Names}).");
        }

        long rows = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
        at += 8;
        string[] stored = [.. schema.StoredColumns()];
        if (rows < 0 || rows > int.MaxValue || bytes.Length - at != rows * 8 * stored.Length)
        {
            return Result<(SharedTable, string)>.Fail($"the body holds {bytes.Length - at} bytes of shares; {rows} rows of {stored.Length} stored columns need {Math.Max(rows, 0) * 8 * stored.Length}.");
        }

        var columns = new Dictionary<string, ulong[]>(StringComparer.OrdinalIgnoreCase);
        foreach (string column in stored)
        {
            ulong[] words = MemoryMarshal.Cast<byte, ulong>(bytes.Slice(at, (int)rows * 8)).ToArray();
            at += (int)rows * 8;
            if (Array.FindIndex(words, w => w >= Fp61.P) is int bad and >= 0)
            {
                return Result<(SharedTable, string)>.Fail($"column '{column}', row {bad + 1}: {words[bad]} is not an element of F_p, p = 2^61 - 1.");
            }

            columns[column] = words;
        }

        return (new SharedTable(schema, rows, columns), uploadId);
    }
}
