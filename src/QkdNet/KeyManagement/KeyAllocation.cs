namespace QkdNet.KeyManagement;

/// <summary>
/// Which material one key is made of: bytes <c>[OffsetBytes, OffsetBytes + LengthBytes)</c> of block
/// <see cref="Block"/> of the link. Not secret: it is what the master KME sends its peer over Kx so both
/// cut the same bytes from their identical copies of the block.
/// </summary>
/// <param name="KeyId">The key's ID.</param>
/// <param name="Block">The block within the reservation's link.</param>
/// <param name="OffsetBytes">Start within the block, in bytes.</param>
/// <param name="LengthBytes">Key length, in bytes.</param>
public readonly record struct KeyAllocation(KeyId KeyId, BlockId Block, int OffsetBytes, int LengthBytes);
