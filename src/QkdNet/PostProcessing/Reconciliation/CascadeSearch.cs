namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// One BINARY bisection in progress: permuted range [Start, Start + Length) of top-level block
/// <c>Block</c> of pass <c>Pass</c>, whose parity on Alice's side is <c>AliceParity</c> and on
/// Bob's side differs from it (an odd number of errors). <c>Node</c> is the range's heap index in
/// the block's bisection tree (the whole block is 1; the halves of node i are 2i and 2i + 1).
/// <c>Version</c> is the block's flip count when Bob's parity of the range was last seen to differ
/// from Alice's: while the count is unchanged it still differs and need not be recomputed.
/// </summary>
internal readonly record struct CascadeSearch(int Pass, int Block, int Start, int Length, int AliceParity, int Node, int Version);
