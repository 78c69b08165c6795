using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Kx;
using QkdNet.Quantum;

namespace QkdNet.Node.Links;

/// <summary>
/// The link feeder's hand-over over Kx: a simulated link's peer copy goes to the peer in bytes (the only place key bits
/// cross the classical network, TLS-protected, as a stand-in for the peer's own module); a device link's batch is
/// announced by its key IDs, and the peer fetches the same keys from its own device.
/// </summary>
/// <param name="kx">The Kx client.</param>
/// <param name="peer">The other end of the link.</param>
/// <param name="device">The device module of an <c>etsi014</c> link, or null for a link whose two ends run here.</param>
public sealed class KxBlockHandOver(IKxClient kx, KmeId peer, Etsi014QkdModule? device) : ILinkBlockHandOver
{
    /// <inheritdoc />
    public async Task<BlockHandOverOutcome> HandOverAsync(PoolId pool, BlockId block, SecretKeyBlock peersCopy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peersCopy);
        if (device is not null)
        {
            // the batch's shape goes with it: the slave end takes it from here, never from its own file (issue 11)
            IReadOnlyList<KeyId> keyIds = device.KeyIdsOf(peersCopy);
            return Map(await kx.AnnounceDeviceBlockAsync(peer, pool, block, keyIds, peersCopy.Key.Length / keyIds.Count, cancellationToken).ConfigureAwait(false));
        }

        int bytes = peersCopy.Key.Length / 8;
        byte[] theirs = peersCopy.Key.ToBytes();
        try
        {
            return Map(await kx.SendBlockAsync(peer, pool, block, theirs.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(theirs);
        }
    }

    private static BlockHandOverOutcome Map(KxBlockOutcome outcome) => outcome switch
    {
        KxBlockOutcome.Stored => BlockHandOverOutcome.Stored,
        KxBlockOutcome.Refused => BlockHandOverOutcome.Refused,
        _ => BlockHandOverOutcome.Unreachable,
    };
}
