using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>What one end of a reconciliation did and revealed.</summary>
/// <param name="VariantName">The protocol variant, e.g. <c>cascade-original</c>.</param>
/// <param name="KeyLengthBits">Length of the reconciled key, in bits.</param>
/// <param name="DisclosedParityBits">
/// Every parity bit revealed on the public channel by either end (both ends report the same
/// figure); privacy amplification must subtract it.
/// </param>
/// <param name="Rounds">Request/response round trips of the protocol (the latency driver).</param>
/// <param name="MessagesSent">Messages this end sent.</param>
/// <param name="MessagesReceived">Messages this end received.</param>
/// <param name="BytesSent">Payload bytes this end sent.</param>
/// <param name="BitsCorrected">Bits this end flipped (Bob); always 0 for Alice.</param>
/// <param name="Passes">Number of passes run.</param>
public sealed record ReconciliationResult(
    string VariantName,
    int KeyLengthBits,
    long DisclosedParityBits,
    int Rounds,
    long MessagesSent,
    long MessagesReceived,
    long BytesSent,
    int BitsCorrected,
    int Passes)
{
    /// <summary>
    /// Reconciliation efficiency f = disclosed / (n H2(qber)) for the given error rate (1 is the
    /// Shannon limit; lower is impossible on average).
    /// </summary>
    /// <param name="qber">Quantum bit error rate, a fraction in (0, 0.5).</param>
    public double Efficiency(double qber) =>
        DisclosedParityBits / (KeyLengthBits * Entropy.Binary(qber));
}
