namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>The public plan of one pass: its kind and nominal block size in bits.</summary>
internal readonly record struct CascadePassPlan(CascadePassKind Kind, int BlockSize);
