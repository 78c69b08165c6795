using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// One information-reconciliation protocol (Cascade now, LDPC later), run as two separate engines,
/// Alice's and Bob's, that share nothing but the messages they exchange over a classical channel.
/// </summary>
/// <remarks>
/// The two calls are made on the two ends of one channel, usually concurrently. Neither call
/// verifies that the keys ended identical (the protocol cannot know for sure): a verification step
/// comparing hashes follows reconciliation. Protocol violations by the other end (a malformed or
/// unexpected message) throw <see cref="ReconciliationProtocolException"/>. An implementation is
/// stateless between calls and thread-safe.
/// </remarks>
public interface IReconciler
{
    /// <summary>Name of the protocol variant, e.g. <c>cascade-original</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs Alice's end: she holds the reference key, answers Bob's parity requests and leaves
    /// <paramref name="aliceKey"/> unchanged.
    /// </summary>
    /// <param name="aliceKey">Alice's sifted key (bits).</param>
    /// <param name="estimatedQber">Estimated quantum bit error rate, a fraction in (0, 0.5).</param>
    /// <param name="channel">Alice's end of the classical channel.</param>
    /// <param name="cancellationToken">Cancels the protocol.</param>
    Task<ReconciliationResult> ReconcileAliceAsync(
        BitString aliceKey, double estimatedQber, IClassicalChannel channel, CancellationToken cancellationToken = default);

    /// <summary>Runs Bob's end: he drives the protocol and corrects <paramref name="bobKey"/> in place.</summary>
    /// <param name="bobKey">Bob's sifted key (bits), the same length as Alice's; corrected in place.</param>
    /// <param name="estimatedQber">Estimated quantum bit error rate, a fraction in (0, 0.5).</param>
    /// <param name="channel">Bob's end of the classical channel.</param>
    /// <param name="cancellationToken">Cancels the protocol.</param>
    Task<ReconciliationResult> ReconcileBobAsync(
        BitString bobKey, double estimatedQber, IClassicalChannel channel, CancellationToken cancellationToken = default);
}
