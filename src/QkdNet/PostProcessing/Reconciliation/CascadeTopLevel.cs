namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>Which top-level block parities of a pass cross the channel.</summary>
internal static class CascadeTopLevel
{
    /// <summary>
    /// Blocks of <paramref name="pass"/> whose parity Alice sends. With
    /// <see cref="CascadeParameters.InferLastBlockParity"/>, passes after the first omit their last
    /// block: the parity of the whole key is the sum of the first pass's block parities and does not
    /// depend on the permutation, so Bob infers the last block's parity from it and the others.
    /// </summary>
    public static int SentBlockCount(CascadePass pass, CascadeParameters parameters) =>
        parameters.InferLastBlockParity && pass.Index > 0 ? pass.BlockCount - 1 : pass.BlockCount;
}
