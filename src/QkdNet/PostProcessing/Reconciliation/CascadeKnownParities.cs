using System.Numerics;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// Alice's parities that Bob has learned, per node of each top-level block's bisection tree
/// (Martinez-Mateo et al. 2015: a parity Bob already knows is never asked again). Nodes are heap
/// indices (root 1, children 2i and 2i + 1), so a lookup is a bit test, not a hash probe.
/// </summary>
/// <remarks>
/// Replaced a <c>Dictionary&lt;ulong, byte&gt;</c> keyed by (pass, start, length), whose inserts,
/// probes and resizes took about 15 % of a 1e6-bit opt8 run at 5 % QBER (perf, 8 blocks). A pass's
/// bits are allocated on its first use: 2 bits per node, at most 8n bits per pass.
/// </remarks>
internal sealed class CascadeKnownParities
{
    private readonly int[] _nodesPerBlockLog2;
    private readonly int[] _blockCounts;
    private readonly ulong[]?[] _known;
    private readonly ulong[]?[] _value;

    /// <summary>Creates an empty store for <paramref name="passes"/>.</summary>
    public CascadeKnownParities(IReadOnlyList<CascadePass> passes)
    {
        _nodesPerBlockLog2 = new int[passes.Count];
        _blockCounts = new int[passes.Count];
        _known = new ulong[]?[passes.Count];
        _value = new ulong[]?[passes.Count];
        for (int i = 0; i < passes.Count; i++)
        {
            CascadePass p = passes[i];
            _blockCounts[i] = p.BlockCount;
            int longest = Math.Max(p.BlockLength(0), p.BlockLength(p.BlockCount - 1));

            // A tree over L leaves, halved with the left half the shorter, is ceil(log2 L) deep.
            _nodesPerBlockLog2[i] = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)longest)) + 1;
        }
    }

    /// <summary>Whether Bob knows Alice's parity of node <paramref name="node"/> of the block, and which.</summary>
    public bool TryGet(int pass, int block, int node, out int parity)
    {
        ulong[]? known = _known[pass];
        long i = Index(pass, block, node);
        if (known is null || ((known[i >> 6] >> (int)(i & 63)) & 1) == 0)
        {
            parity = 0;
            return false;
        }

        parity = (int)((_value[pass]![i >> 6] >> (int)(i & 63)) & 1);
        return true;
    }

    /// <summary>Records Alice's parity of node <paramref name="node"/> of the block.</summary>
    public void Set(int pass, int block, int node, int parity)
    {
        if (_known[pass] is null)
        {
            int words = (int)((((long)_blockCounts[pass] << _nodesPerBlockLog2[pass]) + 63) >> 6);
            _known[pass] = new ulong[words];
            _value[pass] = new ulong[words];
        }

        long i = Index(pass, block, node);
        ulong bit = 1UL << (int)(i & 63);
        _known[pass]![i >> 6] |= bit;
        ref ulong value = ref _value[pass]![i >> 6];
        value = parity != 0 ? value | bit : value & ~bit;
    }

    private long Index(int pass, int block, int node) => ((long)block << _nodesPerBlockLog2[pass]) + node;
}
