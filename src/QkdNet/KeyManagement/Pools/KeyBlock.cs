namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// The consumption map of one ingested block: one bit per byte of material (set = consumed).
/// Holds no key bytes. Mutated only by the store's single writer.
/// </summary>
internal sealed class KeyBlock
{
    private readonly byte[] _consumed;

    public KeyBlock(long rowId, BlockId id, int lengthBytes)
    {
        RowId = rowId;
        Id = id;
        LengthBytes = lengthBytes;
        _consumed = new byte[(lengthBytes + 7) / 8];
        FreeBytes = lengthBytes;
    }

    /// <summary>The store's own key for the block row.</summary>
    public long RowId { get; }

    public BlockId Id { get; }

    public int LengthBytes { get; }

    public int FreeBytes { get; private set; }

    /// <summary>Every byte before this offset is consumed (an allocation hint).</summary>
    public int Cursor { get; private set; }

    /// <summary>The bitmap, bit <c>i % 8</c> of byte <c>i / 8</c> for material byte <c>i</c>.</summary>
    public ReadOnlySpan<byte> ConsumedMap => _consumed;

    public bool IsConsumed(int offset) => (_consumed[offset >> 3] & (1 << (offset & 7))) != 0;

    public bool InRange(int offset, int length) => offset >= 0 && length > 0 && (long)offset + length <= LengthBytes;

    public bool IsFree(int offset, int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (IsConsumed(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first offset at or after the cursor where <paramref name="length"/> free bytes run, or -1.</summary>
    public int FindFree(int length)
    {
        int start = Cursor;
        while (start + length <= LengthBytes)
        {
            int used = -1;
            for (int i = start; i < start + length; i++)
            {
                if (IsConsumed(i))
                {
                    used = i;
                }
            }

            if (used < 0)
            {
                return start;
            }

            start = used + 1;
        }

        return -1;
    }

    public void Mark(int offset, int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            _consumed[i >> 3] |= (byte)(1 << (i & 7));
        }

        FreeBytes -= length;
        while (Cursor < LengthBytes && IsConsumed(Cursor))
        {
            Cursor++;
        }
    }

    /// <summary>Reverses <see cref="Mark"/> for a range this same request marked (before anything was written).</summary>
    public void Unmark(int offset, int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            _consumed[i >> 3] &= (byte)~(1 << (i & 7));
        }

        FreeBytes += length;
        Cursor = Math.Min(Cursor, offset);
    }

    /// <summary>Loads a stored slice of the bitmap (recovery); <paramref name="firstByte"/> indexes the bitmap.</summary>
    public void LoadMap(int firstByte, ReadOnlySpan<byte> map, int firstOffset, int length)
    {
        map.CopyTo(_consumed.AsSpan(firstByte));
        RecountFrom(firstOffset, length);
    }

    /// <summary>Marks a range consumed during recovery (its chunk is gone: fully consumed).</summary>
    public void LoadConsumed(int offset, int length) => Mark(offset, length);

    private void RecountFrom(int offset, int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (IsConsumed(i))
            {
                FreeBytes--;
            }
        }

        while (Cursor < LengthBytes && IsConsumed(Cursor))
        {
            Cursor++;
        }
    }
}
