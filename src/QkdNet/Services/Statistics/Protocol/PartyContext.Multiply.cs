using QkdNet.Services.Statistics.Field;

namespace QkdNet.Services.Statistics.Protocol;

public sealed partial class PartyContext
{
    /// <summary>
    /// Multiplies shared columns pairwise, all pairs in one round: each party multiplies its shares (a degree-2t sharing
    /// of the product), reshares that product with a fresh degree-t polynomial to every party, and each party combines
    /// what it receives with the Lagrange coefficients at 0 of the active set (Gennaro, Rabin, Rabin, "Simplified VSS
    /// and fast-track multiparty computations", PODC 1998, Sec. 3: the degree reduction step).
    /// </summary>
    public async Task<ulong[][]> MultiplyAsync(IReadOnlyList<(ulong[] A, ulong[] B)> pairs, CancellationToken cancellationToken = default)
    {
        int total = pairs.Sum(p => p.A.Length);
        var products = new ulong[total];
        int offset = 0;
        foreach (var (a, b) in pairs)
        {
            Fp61.Mul(a, b, products.AsSpan(offset, a.Length));
            offset += a.Length;
        }

        ulong[] combined = await ReduceDegreeAsync(products, cancellationToken).ConfigureAwait(false);
        Array.Clear(products);
        var result = new ulong[pairs.Count][];
        offset = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            result[i] = combined.AsSpan(offset, pairs[i].A.Length).ToArray();
            offset += pairs[i].A.Length;
        }

        return result;
    }

    /// <summary>
    /// Turns degree-2t sharings (local products, dot products) into degree-t sharings of the same values, one round:
    /// each party reshares its share with a fresh degree-t polynomial and combines what it receives with the Lagrange
    /// coefficients at 0 of the active set (Gennaro, Rabin, Rabin, PODC 1998, Sec. 3). The input is left as it was.
    /// </summary>
    public async Task<ulong[]> ReduceDegreeAsync(ulong[] shares, CancellationToken cancellationToken = default)
    {
        ulong[][] reshared = FpShamir.Share(shares, Threshold, _transport.PartyCount, _local);
        ulong[][] received = await ExchangeAsync(party => reshared[party], cancellationToken).ConfigureAwait(false);
        var combined = new ulong[shares.Length];
        for (int j = 0; j < received.Length; j++)
        {
            Fp61.MulAdd(received[j], _lagrangeAtZero[j], combined);
        }

        return combined;
    }

    /// <summary>One product column (see the batched overload).</summary>
    public async Task<ulong[]> MultiplyAsync(ulong[] a, ulong[] b, CancellationToken cancellationToken = default) =>
        (await MultiplyAsync([(a, b)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Every party inputs a private column (same length everywhere); each gets degree-t shares of the column-wise sum.
    /// One round: each input is Shamir-shared to every party (Ben-Or, Goldwasser, Wigderson, STOC 1988, input phase).
    /// </summary>
    public async Task<ulong[]> SumOfInputsAsync(ulong[] input, CancellationToken cancellationToken = default)
    {
        ulong[][] shared = FpShamir.Share(input, Threshold, _transport.PartyCount, _local);
        ulong[][] received = await ExchangeAsync(party => shared[party], cancellationToken).ConfigureAwait(false);
        var sum = new ulong[input.Length];
        foreach (ulong[] column in received)
        {
            Fp61.Add(sum, column, sum);
        }

        return sum;
    }
}
