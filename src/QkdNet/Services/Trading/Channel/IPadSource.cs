namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// The sending end's supply of one-time pad (in production, a key buffer over ETSI 014
/// <c>enc_keys</c>). Every byte it hands out is handed out once. One segment never spans two keys,
/// so a message names its pad with one (key ID, offset). Implementations are thread-safe.
/// </summary>
public interface IPadSource
{
    /// <summary>
    /// Fills <paramref name="destination"/> with the next <c>destination.Length</c> unused pad bytes
    /// of one key and says where they came from; false (and <paramref name="destination"/> untouched)
    /// when no key has that many bytes left.
    /// </summary>
    bool TryTake(Span<byte> destination, out PadSegment segment);

    /// <summary>
    /// Completes when more pad may have arrived (a hint: the caller tries <see cref="TryTake"/> again);
    /// cancelled by <paramref name="cancellationToken"/>.
    /// </summary>
    ValueTask WaitForPadAsync(CancellationToken cancellationToken);
}
