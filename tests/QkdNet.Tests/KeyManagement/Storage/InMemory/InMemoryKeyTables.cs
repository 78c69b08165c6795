using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Tests.KeyManagement.Storage.InMemory;

/// <summary>
/// The five tables of an <see cref="InMemoryKeyStorage"/>, as one immutable-by-convention snapshot: a batch works on a
/// copy and a commit swaps it in, so a rollback is dropping the copy. Rows are records and byte arrays the engine never
/// changes after handing them over, so a shallow copy is a full one.
/// </summary>
internal sealed class InMemoryKeyTables
{
    public Dictionary<string, byte[]> Meta { get; private init; } = new(StringComparer.Ordinal);

    public SortedDictionary<long, StoredBlock> Blocks { get; private init; } = [];

    public Dictionary<(long BlockRowId, int Index), StoredChunk> Chunks { get; private init; } = [];

    public Dictionary<KeyId, StoredKey> Keys { get; private init; } = [];

    public List<StoredAuditRecord> Audit { get; private init; } = [];

    public long LastBlockRowId { get; set; }

    public InMemoryKeyTables Copy() => new()
    {
        Meta = new Dictionary<string, byte[]>(Meta, StringComparer.Ordinal),
        Blocks = new SortedDictionary<long, StoredBlock>(Blocks),
        Chunks = new Dictionary<(long BlockRowId, int Index), StoredChunk>(Chunks),
        Keys = new Dictionary<KeyId, StoredKey>(Keys),
        Audit = [.. Audit],
        LastBlockRowId = LastBlockRowId,
    };
}

/// <summary>One node's tables across opens (what a file or a schema is to the SQL stores), with the claim of the one open store.</summary>
internal sealed class InMemoryKeyDatabase
{
    public InMemoryKeyTables Committed { get; set; } = new();

    public bool IsOpen { get; set; }
}
