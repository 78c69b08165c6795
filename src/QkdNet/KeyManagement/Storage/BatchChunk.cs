using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Storage;

/// <summary>A chunk's plaintext held by the writer during one batch; zeroed when the batch ends.</summary>
internal sealed record BatchChunk(LinkId Link, KeyBlock Block, int Index, byte[] Plain);
