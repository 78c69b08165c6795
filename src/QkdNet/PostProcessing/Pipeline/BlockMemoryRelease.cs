namespace QkdNet.PostProcessing.Pipeline;

/// <summary>What <see cref="SimulatedQkdLink"/> does with a block's dead memory when the block ends.</summary>
public enum BlockMemoryRelease
{
    /// <summary>Nothing: the GC collects on its own budget (the heap may grow to several times a block's live data).</summary>
    None,

    /// <summary>One blocking collection of all generations that also compacts the large-object heap.</summary>
    Compact,

    /// <summary>As <see cref="Compact"/>, and the GC also decommits its free memory (GCCollectionMode.Aggressive): the smallest resident set, at the cost of committing it again in the next block.</summary>
    Aggressive,
}
