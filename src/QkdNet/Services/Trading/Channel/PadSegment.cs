using QkdNet.KeyManagement;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// Where a piece of one-time pad came from: <see cref="Length"/> bytes of key <see cref="KeyId"/>
/// starting at byte <see cref="Offset"/>. Names key bytes, never holds them.
/// </summary>
public readonly record struct PadSegment(KeyId KeyId, long Offset, int Length)
{
    /// <summary>The first byte after the segment.</summary>
    public long End => Offset + Length;
}
