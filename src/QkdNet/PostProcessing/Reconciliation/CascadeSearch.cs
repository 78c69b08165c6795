namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// One BINARY bisection in progress: permuted range [Start, Start + Length) of top-level block
/// <c>Block</c> of pass <c>Pass</c>, whose parity on Alice's side is <c>AliceParity</c> and on
/// Bob's side differs from it (an odd number of errors).
/// </summary>
internal readonly record struct CascadeSearch(int Pass, int Block, int Start, int Length, int AliceParity);
