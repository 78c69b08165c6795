using QkdNet.Quantum;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>The result of one block at one end: the key (when there is one) and the report.</summary>
/// <param name="Block">The secret key block, identical at both ends, or null if the block was discarded.</param>
/// <param name="Report">What happened.</param>
public sealed record BlockOutcome(SecretKeyBlock? Block, BlockReport Report);
