namespace QkdNet.Services.Statistics.Randomness;

/// <summary>
/// The secret keys one party shares with each other party (in the product: QKD keys between the share servers),
/// from which the correlated randomness of the computation is derived. Both ends of a pair get the same key.
/// </summary>
public interface IPairwiseKeys
{
    /// <summary>Bytes per key.</summary>
    const int KeyBytes = 32;

    /// <summary>Writes the key this party shares with party <paramref name="other"/> into <paramref name="destination"/> (32 bytes).</summary>
    void CopyKey(int other, Span<byte> destination);
}
