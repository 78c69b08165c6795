using System.Security.Cryptography;

namespace QkdNet.Services.Statistics.Randomness;

/// <summary>
/// Pairwise keys drawn from <see cref="RandomNumberGenerator"/> for parties that run in one process (where the
/// product takes them from QKD links between the servers). <see cref="Create"/> returns one view per party, all over
/// the same key table; <see cref="Dispose"/> on any view zeroes the table.
/// </summary>
public sealed class RandomPairwiseKeys : IPairwiseKeys, IDisposable
{
    private readonly byte[] _table;
    private readonly int _parties;
    private readonly int _self;

    private RandomPairwiseKeys(byte[] table, int parties, int self)
    {
        _table = table;
        _parties = parties;
        _self = self;
    }

    /// <summary>Fresh keys for every pair of <paramref name="parties"/>; element i is party i's view.</summary>
    public static RandomPairwiseKeys[] Create(int parties)
    {
        const int K = IPairwiseKeys.KeyBytes;
        var table = new byte[parties * parties * K];
        for (int a = 0; a < parties; a++)
        {
            for (int b = a + 1; b < parties; b++)
            {
                Span<byte> ab = table.AsSpan(((a * parties) + b) * K, K);
                RandomNumberGenerator.Fill(ab);
                ab.CopyTo(table.AsSpan(((b * parties) + a) * K, K));
            }
        }

        return Enumerable.Range(0, parties).Select(p => new RandomPairwiseKeys(table, parties, p)).ToArray();
    }

    public void CopyKey(int other, Span<byte> destination)
    {
        const int K = IPairwiseKeys.KeyBytes;
        _table.AsSpan(((_self * _parties) + other) * K, K).CopyTo(destination);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_table);
}
