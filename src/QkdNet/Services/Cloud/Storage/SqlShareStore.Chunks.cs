using System.Data.Common;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace QkdNet.Services.Cloud.Storage;

public abstract partial class SqlShareStore
{
    /// <summary>
    /// Bytes per stored row when a share arrives whole (a streamed share keeps the sender's pieces, up to 16 MiB each):
    /// rows this size keep SQLite's and PostgreSQL's per-value work small and let a share stream in and out without
    /// ever being held whole (issue 12, section 6).
    /// </summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>Writes the source's chunks as rows (id, seq, data); the reason when the source fails or its length is not <paramref name="length"/>.</summary>
    private async Task<string?> WriteChunksAsync(ShareId id, long length, ShareChunkSource source, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using DbCommand insert = Command("INSERT INTO share_chunks(id, seq, data) VALUES (@id, @seq, @data);", transaction);
        Add(insert, "id", id.Value);
        DbParameter sequence = Add(insert, "seq", 0L);
        DbParameter data = Add(insert, "data", Array.Empty<byte>());
        byte[]? scratch = null;
        long written = 0;
        try
        {
            for (long seq = 0; ; seq++)
            {
                ShareChunk chunk = await source(cancellationToken).ConfigureAwait(false);
                if (chunk.Problem is { } problem)
                {
                    return problem;
                }

                if (chunk.Data.IsEmpty)
                {
                    return written == length ? null : $"the share ended after {written} of its {length} bytes.";
                }

                if (written + chunk.Data.Length > length)
                {
                    return $"the share runs past its declared {length} bytes.";
                }

                sequence.Value = seq;
                data.Value = Exact(chunk.Data, ref scratch);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                written += chunk.Data.Length;
            }
        }
        finally
        {
            if (scratch is not null)
            {
                CryptographicOperations.ZeroMemory(scratch);
            }
        }
    }

    /// <summary>Hands the rows of share <paramref name="id"/> to <paramref name="sink"/> in order; the bytes handed.</summary>
    private async Task<long> ReadChunksAsync(ShareId id, ShareChunkSink sink, CancellationToken cancellationToken)
    {
        await using DbCommand select = Command("SELECT data FROM share_chunks WHERE id = @id ORDER BY seq;");
        Add(select, "id", id.Value);
        await using DbDataReader reader = await select.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        byte[] buffer = [];
        long total = 0;
        try
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int length = checked((int)reader.GetBytes(0, 0, null, 0, 0));
                if (buffer.Length < length)
                {
                    CryptographicOperations.ZeroMemory(buffer);
                    buffer = GC.AllocateUninitializedArray<byte>(length);
                }

                int read = 0;
                while (read < length)
                {
                    read += checked((int)reader.GetBytes(0, read, buffer, read, length - read));
                }

                await sink(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                total += length;
            }

            return total;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private async Task DeleteChunksAsync(ShareId id, DbTransaction transaction)
    {
        await using DbCommand delete = Command("DELETE FROM share_chunks WHERE id = @id;", transaction);
        Add(delete, "id", id.Value);
        await delete.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// An array holding exactly <paramref name="chunk"/> (both providers bind a whole <c>byte[]</c>): the chunk's own array
    /// when it is one, else <paramref name="scratch"/>, reallocated only when the length changes (the last chunk).
    /// </summary>
    private static byte[] Exact(ReadOnlyMemory<byte> chunk, ref byte[]? scratch)
    {
        if (MemoryMarshal.TryGetArray(chunk, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
        {
            return segment.Array;
        }

        if (scratch is null || scratch.Length != chunk.Length)
        {
            if (scratch is not null)
            {
                CryptographicOperations.ZeroMemory(scratch);
            }

            scratch = GC.AllocateUninitializedArray<byte>(chunk.Length);
        }

        chunk.Span.CopyTo(scratch);
        return scratch;
    }
}
