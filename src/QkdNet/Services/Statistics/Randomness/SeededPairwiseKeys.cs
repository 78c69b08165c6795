using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QkdNet.Services.Statistics.Randomness;

/// <summary>
/// Pairwise keys derived from a public seed, SHA-256(seed, lower index, higher index): reproducible, hence for tests
/// and benchmarks ONLY (anyone who knows the seed knows every key).
/// </summary>
public sealed class SeededPairwiseKeys(ulong seed, int self) : IPairwiseKeys
{
    public void CopyKey(int other, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(input, seed);
        BinaryPrimitives.WriteInt32LittleEndian(input[8..], Math.Min(self, other));
        BinaryPrimitives.WriteInt32LittleEndian(input[12..], Math.Max(self, other));
        SHA256.HashData(input, destination[..IPairwiseKeys.KeyBytes]);
    }
}
