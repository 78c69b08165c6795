namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>Bob's opening message: everything public that both ends must agree on.</summary>
/// <param name="VariantId">The Cascade variant Bob runs (<see cref="CascadeParameters"/>).</param>
/// <param name="KeyLengthBits">Length of the keys, in bits.</param>
/// <param name="PublicSeed">The public seed of the pass permutations (<see cref="PublicPermutationRandom.SeedLength"/> bytes).</param>
/// <param name="Plan">The kind and block size of every pass.</param>
internal sealed record CascadeStartMessage(byte VariantId, int KeyLengthBits, byte[] PublicSeed, CascadePassPlan[] Plan);
