namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// One link's pool: its blocks in ingest order and the count of unconsumed bytes. Written only by the
/// store's single writer; <see cref="AvailableBytes"/> may be read from any thread.
/// </summary>
internal sealed class LinkPool(LinkId link, PoolOptions options)
{
    private readonly List<KeyBlock> _open = [];
    private readonly Dictionary<BlockId, KeyBlock> _byId = [];
    private readonly HashSet<BlockId> _everIngested = [];
    private long _availableBytes;

    public LinkId Link { get; } = link;

    public PoolOptions Options { get; } = options;

    public long AvailableBytes => Interlocked.Read(ref _availableBytes);

    public PoolStatus Status => new(Link, AvailableBytes * 8, Options);

    /// <summary>Whether the link layer delivered this block ID before (even if it is used up since).</summary>
    public bool WasIngested(BlockId id) => _everIngested.Contains(id);

    /// <summary>Records a block's ID with nothing left of it (recovery of a used-up block).</summary>
    public void RememberSpent(BlockId id) => _everIngested.Add(id);

    public void Add(KeyBlock block)
    {
        _everIngested.Add(block.Id);
        if (block.FreeBytes > 0)
        {
            _open.Add(block);
            _byId.Add(block.Id, block);
            Interlocked.Add(ref _availableBytes, block.FreeBytes);
        }
    }

    public KeyBlock? Find(BlockId id) => _byId.GetValueOrDefault(id);

    /// <summary>Finds <paramref name="length"/> free contiguous bytes in the oldest block that has them, and marks them.</summary>
    public bool TryAllocate(int length, out KeyBlock block, out int offset)
    {
        foreach (KeyBlock candidate in _open)
        {
            if (candidate.FreeBytes >= length)
            {
                offset = candidate.FindFree(length);
                if (offset >= 0)
                {
                    block = candidate;
                    Mark(block, offset, length);
                    return true;
                }
            }
        }

        block = null!;
        offset = -1;
        return false;
    }

    public void Mark(KeyBlock block, int offset, int length)
    {
        block.Mark(offset, length);
        Interlocked.Add(ref _availableBytes, -length);
    }

    public void Unmark(KeyBlock block, int offset, int length)
    {
        block.Unmark(offset, length);
        Interlocked.Add(ref _availableBytes, length);
    }

    /// <summary>Drops used-up blocks from the allocation list (their IDs stay remembered).</summary>
    public void Compact()
    {
        for (int i = _open.Count - 1; i >= 0; i--)
        {
            if (_open[i].FreeBytes == 0)
            {
                _byId.Remove(_open[i].Id);
                _open.RemoveAt(i);
            }
        }
    }
}
