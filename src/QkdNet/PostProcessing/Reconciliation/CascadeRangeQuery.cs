namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>A request for the parity of Alice's permuted bits [Start, Start + Length) of pass <c>Pass</c>.</summary>
internal readonly record struct CascadeRangeQuery(int Pass, int Start, int Length);
