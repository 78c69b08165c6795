namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// What Bob tracks per top-level block of a pass, together in 8 bytes so that a flip, which
/// touches one block of every pass run so far at random places, reads one cache line per pass
/// instead of one per array (flips were about a tenth of a 1e6-bit opt8 run at 5 %, perf).
/// </summary>
internal struct CascadeBlockState
{
    /// <summary>Flips in the block so far: a range known to differ is not rechecked until this changes.</summary>
    public int Flips;

    /// <summary>Alice's parity of the block.</summary>
    public byte AliceParity;

    /// <summary>1 while Bob's parity of the block differs from Alice's.</summary>
    public byte Mismatch;

    /// <summary>Whether a bisection of the block is open.</summary>
    public bool Active;
}
