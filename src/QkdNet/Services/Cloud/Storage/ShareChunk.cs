namespace QkdNet.Services.Cloud.Storage;

/// <summary>
/// One piece of a share streaming into a store (<see cref="ShareChunkSource"/>): bytes, the end, or the reason the
/// source gave up (a segment that failed its authentication), after which the store keeps nothing of the share.
/// </summary>
public readonly record struct ShareChunk
{
    private ShareChunk(ReadOnlyMemory<byte> data, string? problem)
    {
        Data = data;
        Problem = problem;
    }

    /// <summary>The bytes (empty at the end or on a failure); valid until the source is asked for the next chunk.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Why the source failed, or null.</summary>
    public string? Problem { get; }

    /// <summary>No more bytes.</summary>
    public static ShareChunk End => default;

    /// <summary>The next bytes (not empty).</summary>
    public static ShareChunk Of(ReadOnlyMemory<byte> data) =>
        data.IsEmpty ? throw new ArgumentException("A chunk is not empty; the end is ShareChunk.End.", nameof(data)) : new(data, null);

    /// <summary>The source failed: nothing of the share may be kept.</summary>
    public static ShareChunk Failed(string problem) => new(default, problem ?? throw new ArgumentNullException(nameof(problem)));
}

/// <summary>The next piece of a share being stored.</summary>
public delegate ValueTask<ShareChunk> ShareChunkSource(CancellationToken cancellationToken);

/// <summary>Takes the next piece of a share being read (valid only during the call).</summary>
public delegate ValueTask ShareChunkSink(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);
