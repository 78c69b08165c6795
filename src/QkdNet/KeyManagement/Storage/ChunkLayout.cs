using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// How a block's material is cut into separately encrypted chunk rows, and which part of the block's
/// consumption bitmap belongs to each. Thread-safe (stateless).
/// </summary>
internal static class ChunkLayout
{
    /// <summary>Material per chunk row, in bytes: a consumed key rewrites at most a few of these.</summary>
    public const int ChunkBytes = 1024;

    public static int Count(int lengthBytes) => (lengthBytes + ChunkBytes - 1) / ChunkBytes;

    /// <summary>Material offset and length (bytes) of chunk <paramref name="index"/>.</summary>
    public static (int Offset, int Length) Range(KeyBlock block, int index)
    {
        int offset = index * ChunkBytes;
        return (offset, Math.Min(ChunkBytes, block.LengthBytes - offset));
    }

    /// <summary>The slice of the block's bitmap covering chunk <paramref name="index"/> (chunks start on byte boundaries of the map).</summary>
    public static ReadOnlySpan<byte> Map(KeyBlock block, int index)
    {
        (int offset, int length) = Range(block, index);
        return block.ConsumedMap.Slice(offset / 8, (length + 7) / 8);
    }

    /// <summary>Whether every byte of chunk <paramref name="index"/> is consumed (its row can go).</summary>
    public static bool IsUsedUp(KeyBlock block, int index)
    {
        (int offset, int length) = Range(block, index);
        for (int i = offset; i < offset + length; i++)
        {
            if (!block.IsConsumed(i))
            {
                return false;
            }
        }

        return true;
    }
}
