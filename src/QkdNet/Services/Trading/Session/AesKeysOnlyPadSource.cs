using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// A pad source that serves AES-256 keys only (takes of <see cref="KeyBudget.AesKeyBytes"/>) and no one-time pad,
/// so a sealer over it under <see cref="FallbackPolicy.Aes"/> protects every message with AES-256-GCM keyed from QKD
/// keys: the "AES-GCM with QKD keys" point of comparison of <c>qkdnet trade</c>. Thread-safe if the inner source is.
/// </summary>
public sealed class AesKeysOnlyPadSource(IPadSource inner) : IPadSource
{
    /// <inheritdoc/>
    public bool TryTake(Span<byte> destination, out PadSegment segment)
    {
        if (destination.Length != KeyBudget.AesKeyBytes)
        {
            segment = default;
            return false;
        }

        return inner.TryTake(destination, out segment);
    }

    /// <inheritdoc/>
    public ValueTask WaitForPadAsync(CancellationToken cancellationToken) => inner.WaitForPadAsync(cancellationToken);
}
