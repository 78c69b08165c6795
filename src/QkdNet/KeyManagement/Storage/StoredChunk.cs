namespace QkdNet.KeyManagement.Storage;

/// <summary>A row of a key store's chunks table: up to 1 KiB of a block's material, sealed by the engine.</summary>
/// <param name="BlockRowId">The block's <see cref="StoredBlock.RowId"/>.</param>
/// <param name="Index">The chunk's index within its block.</param>
/// <param name="Consumed">The consumption map, one bit per byte, stored in clear (it is authenticated with the sealed bytes).</param>
/// <param name="Sealed">The chunk's material, sealed; null where only the map was read (<see cref="IKeyStorageBackend.ReadChunkMaps"/>).</param>
public sealed record StoredChunk(long BlockRowId, int Index, byte[] Consumed, byte[]? Sealed);
