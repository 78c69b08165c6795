using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace QkdNet.Node.Web;

/// <summary>
/// A Kestrel memory pool of 64 KiB pinned blocks instead of Kestrel's 4 KiB ones, for hosts that move bulk bodies (the
/// share server: 100 MB shares in and out). Kestrel's pipes write into the whole block they rent, so each socket
/// <c>recv</c>/<c>send</c> and each TLS read moves up to 64 KiB instead of 4 KiB: a sixteenth of the system calls,
/// pipe flushes and thread-pool hand-offs per megabyte (issue 12, docs/PERFORMANCE.md, branch <c>cloud2</c>). A block
/// is handed out uninitialised and not cleared on return, as Kestrel's own pool does: what passes through it is TLS
/// records and HTTP framing around bodies sealed under QKD keys, never a key. At most <see cref="RetainedBlocks"/> free
/// blocks are kept; more are left to the collector. Thread-safe.
/// </summary>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>Bytes in each block.</summary>
    public const int BlockBytes = 64 << 10;

    /// <summary>Free blocks kept for reuse (4 MiB); the rest of a burst goes back to the GC.</summary>
    public const int RetainedBlocks = 64;

    private readonly ConcurrentQueue<byte[]> _free = new();
    private int _freeCount;
    private int _outstanding;
    private volatile bool _disposed;

    /// <inheritdoc />
    public override int MaxBufferSize => BlockBytes;

    /// <summary>Blocks rented and not yet returned (for tests and diagnostics).</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <inheritdoc />
    /// <remarks>Always a whole block, whatever is asked up to <see cref="BlockBytes"/>; more throws, as Kestrel's pool does.</remarks>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockBytes);
        if (_free.TryDequeue(out byte[]? block))
        {
            Interlocked.Decrement(ref _freeCount);
        }
        else
        {
            block = GC.AllocateUninitializedArray<byte>(BlockBytes, pinned: true);
        }

        Interlocked.Increment(ref _outstanding);
        return new Lease(this, block);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
    }

    private void Return(byte[] block)
    {
        Interlocked.Decrement(ref _outstanding);
        if (!_disposed && Interlocked.Increment(ref _freeCount) <= RetainedBlocks)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    private sealed class Lease(LargeBlockMemoryPool pool, byte[] block) : IMemoryOwner<byte>
    {
        private byte[]? _block = block;

        // the array is on the pinned object heap: a Memory made from it is pinned already, so every socket operation's Pin is free
        public Memory<byte> Memory => _block is { } b ? MemoryMarshal.CreateFromPinnedArray(b, 0, b.Length) : throw new ObjectDisposedException(nameof(LargeBlockMemoryPool));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _block, null) is { } returned)
            {
                pool.Return(returned);
            }
        }
    }
}
