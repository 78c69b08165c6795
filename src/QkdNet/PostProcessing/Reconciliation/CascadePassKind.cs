namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>How a Cascade pass orders the key before cutting it into blocks.</summary>
internal enum CascadePassKind : byte
{
    /// <summary>
    /// The key as it is. Used for the first pass: the errors of a sifted BB84 key are already
    /// independent of position, so a shuffle there buys nothing and costs a permutation.
    /// </summary>
    Identity = 0,

    /// <summary>A uniformly random public permutation, then blocks of the planned size.</summary>
    Shuffled = 1,

    /// <summary>
    /// Two blocks of about n/2 bits chosen by a random public mask (block 0: the positions whose
    /// mask bit is 1, in ascending order; block 1: the rest). This is a permutation too, but its
    /// top-level parities cost n/64 word operations, and it is laid out in full only if a block
    /// actually has to be bisected, which after the first passes is rare.
    /// </summary>
    Split = 2,
}
