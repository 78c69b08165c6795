using System.Runtime.InteropServices;
using System.Security.Cryptography;
using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Statistics.Field;
using QkdNet.Services.Statistics.Randomness;
using QkdNet.Services.Statistics.Transport;

namespace QkdNet.Services.Statistics.Protocol;

/// <summary>
/// One party's side of a secure computation among the active parties, Shamir-shared over <see cref="Fp61"/> with
/// threshold t (degree-t polynomials; t &lt; n/2, semi-honest, see docs/statistics.md). Every party runs the same
/// program over the same calls; an operation that needs interaction is one round (every active party sends to
/// every other, then receives from every other). Operations work on whole columns.
/// Not thread-safe: one program at a time. <see cref="Dispose"/> destroys the PRSS keys.
/// </summary>
public sealed partial class PartyContext : IDisposable
{
    private readonly IPartyTransport _transport;
    private readonly ShamirSharing.ShareRandomness _local;
    private readonly AesCtrRandomness? _ownedLocal;
    private readonly TimeProvider _time;
    private readonly TimeSpan _roundTimeout;
    private readonly ulong[] _lagrangeAtZero;
    private Prss _prss = null!;

    private PartyContext(IPartyTransport transport, int threshold, IReadOnlyList<int> active, ShamirSharing.ShareRandomness? local, TimeProvider time, TimeSpan roundTimeout)
    {
        _transport = transport;
        Threshold = threshold;
        Active = active;
        _time = time;
        _roundTimeout = roundTimeout;
        if (local is null)
        {
            _ownedLocal = new AesCtrRandomness();
            local = _ownedLocal.Fill;
        }

        _local = local;
        _lagrangeAtZero = FpShamir.LagrangeCoefficients(active);
    }

    /// <summary>This party (0-based).</summary>
    public int Self => _transport.Self;

    /// <summary>The threshold t: polynomials of degree t; any t parties learn nothing.</summary>
    public int Threshold { get; }

    /// <summary>The parties taking part, ascending (at least 2t + 1, so that products of degree 2t can be reduced).</summary>
    public IReadOnlyList<int> Active { get; }

    /// <summary>Interactive rounds this party has run.</summary>
    public int Rounds { get; private set; }

    /// <summary>The pseudo-random secret sharing keyed by the pairwise keys.</summary>
    public Prss Prss => _prss;

    /// <summary>
    /// Joins a computation: checks the parameters and sets up the PRSS keys with the other active parties.
    /// <paramref name="local"/> is this party's private randomness (resharing polynomials, PRSS set keys); by default a
    /// CTR_DRBG keystream seeded from <see cref="RandomNumberGenerator"/>, a seeded source only in tests.
    /// </summary>
    public static async Task<PartyContext> CreateAsync(
        IPartyTransport transport, int threshold, IReadOnlyList<int> active, IPairwiseKeys keys,
        ShamirSharing.ShareRandomness? local = null, TimeProvider? time = null, TimeSpan? roundTimeout = null,
        CancellationToken cancellationToken = default)
    {
        if (CheckParameters(transport.PartyCount, threshold, active) is { } problem)
        {
            throw new ArgumentException(problem, nameof(active));
        }

        if (!active.Contains(transport.Self))
        {
            throw new ArgumentException($"party {transport.Self} is not among the active parties.", nameof(active));
        }

        var context = new PartyContext(transport, threshold, active.Order().ToArray(), local, time ?? TimeProvider.System, roundTimeout ?? TimeSpan.FromSeconds(30));
        context._prss = await Prss.CreateAsync(
            transport.Self, context.Active, threshold, keys, context._local,
            (to, payload) => transport.SendAsync(to, payload, cancellationToken).AsTask(),
            from => context.ReceiveAsync(from, cancellationToken)).ConfigureAwait(false);
        return context;
    }

    /// <summary>Null when n parties, threshold t and the active set can compute (t ≥ 1, at least 2t + 1 active, all
    /// distinct and below n); else the problem in one sentence.</summary>
    public static string? CheckParameters(int parties, int threshold, IReadOnlyList<int> active) =>
        threshold < 1 ? $"the threshold t must be at least 1 (t = {threshold})."
        : active.Distinct().Count() != active.Count || active.Any(p => p < 0 || p >= parties) ? $"the active parties must be distinct indices below {parties}."
        : active.Count < (2 * threshold) + 1 ? $"{active.Count} parties are up, but threshold t = {threshold} needs at least 2t + 1 = {(2 * threshold) + 1} to multiply."
        : null;

    /// <summary>
    /// Opens shared values of polynomial degree <paramref name="degree"/> to every active party. When more shares than
    /// degree + 1 arrive, the extra ones are checked against the polynomial the first ones define, so a wrong share is
    /// detected (not corrected); with exactly degree + 1 shares a wrong one goes unnoticed (docs/statistics.md).
    /// </summary>
    public async Task<ulong[]> OpenAsync(ulong[] shares, int degree, CancellationToken cancellationToken = default)
    {
        ulong[][] received = await ExchangeAsync(_ => shares, cancellationToken).ConfigureAwait(false);
        int basis = degree + 1;
        int[] baseParties = Active.Take(basis).ToArray();
        ulong[] result = FpShamir.Reconstruct(baseParties, received[..basis]);
        for (int e = basis; e < Active.Count; e++)
        {
            ulong[] atExtra = FpShamir.LagrangeCoefficients(baseParties, FpShamir.Point(Active[e]));
            var predicted = new ulong[shares.Length];
            for (int j = 0; j < basis; j++)
            {
                Fp61.MulAdd(received[j], atExtra[j], predicted);
            }

            if (!predicted.AsSpan().SequenceEqual(received[e]))
            {
                throw new ShareInconsistencyException(
                    $"the {Active.Count} shares of an opening do not lie on one polynomial of degree {degree}: a party sent a wrong share (detected, not corrected).");
            }
        }

        return result;
    }

    /// <summary>Opens products of degree-t shares (degree 2t) after adding a PRSS zero sharing of degree 2t, so that the
    /// shares sent reveal only the value (Cramer-Damgard-Ishai 2005, Sec. 5).</summary>
    public Task<ulong[]> OpenProductsAsync(ulong[] products, CancellationToken cancellationToken = default)
    {
        Fp61.Add(products, _prss.Zero(products.Length), products);
        return OpenAsync(products, 2 * Threshold, cancellationToken);
    }

    public void Dispose()
    {
        _prss?.Dispose();
        _ownedLocal?.Dispose();
    }

    /// <summary>
    /// One round: sends <paramref name="outgoing"/>(party) to every other active party and receives theirs; element j
    /// of the result is what Active[j] sent (this party's own entry is its own outgoing column).
    /// </summary>
    private async Task<ulong[][]> ExchangeAsync(Func<int, ulong[]> outgoing, CancellationToken cancellationToken)
    {
        Rounds++;

        // To every other party at once (each ordered pair stays FIFO: a round's sends finish before the next round's).
        // An opening sends the same column to everyone: one copy of its bytes serves all (transports only read them).
        ulong[]? lastColumn = null;
        byte[]? lastBytes = null;
        var sends = new List<Task>();
        foreach (int party in Active)
        {
            if (party == Self)
            {
                continue;
            }

            ulong[] column = outgoing(party);
            if (!ReferenceEquals(column, lastColumn))
            {
                (lastColumn, lastBytes) = (column, MemoryMarshal.AsBytes(column.AsSpan()).ToArray());
            }

            sends.Add(_transport.SendAsync(party, lastBytes!, cancellationToken).AsTask());
        }

        await Task.WhenAll(sends).ConfigureAwait(false);

        var received = new ulong[Active.Count][];
        for (int j = 0; j < Active.Count; j++)
        {
            int party = Active[j];
            if (party == Self)
            {
                received[j] = outgoing(party);
                continue;
            }

            byte[] payload = await ReceiveAsync(party, cancellationToken).ConfigureAwait(false);

            // A peer's bytes are not trusted to be canonical: every word is reduced into [0, p) as it is copied out.
            ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(payload);
            var column = new ulong[words.Length];
            for (int i = 0; i < column.Length; i++)
            {
                column[i] = Fp61.Reduce(words[i]);
            }

            received[j] = column;
        }

        return received;
    }

    private async Task<byte[]> ReceiveAsync(int from, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_roundTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        return await _transport.ReceiveAsync(from, linked.Token).ConfigureAwait(false);
    }
}
