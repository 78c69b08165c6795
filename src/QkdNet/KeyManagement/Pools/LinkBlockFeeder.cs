using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using QkdNet.Quantum;

namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// Feeds the two pools of one link (<see cref="LinkPools"/>) from its QKD module, at the end that runs the link's
/// source: while either pool is below its high watermark it takes the next block, has the peer store its copy
/// (<see cref="ILinkBlockHandOver"/>, repeated while the peer is unreachable) and only then stores its own, so a block
/// the master can reserve from always exists at the slave; if this end then fails to store, the peer holds an unused
/// block: waste, never a mismatch. Blocks alternate between the two pools: each goes to the emptier one. When both are
/// full it still runs a probe block every <see cref="LinkBlockFeederOptions.ProbeInterval"/> (key discarded) on a
/// link whose two ends it holds, so the link's health stays current. Not thread-safe: one feeder per link.
/// </summary>
public sealed partial class LinkBlockFeeder(LinkBlockFeederOptions options, IKeyStore store, TimeProvider time, ILogger logger)
{
    /// <summary>How often a full link's pools are looked at again (a device link, or before the next probe).</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);

    /// <summary>How long to wait before handing a block to an unreachable peer again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Feeds until cancelled: blocks from <paramref name="local"/>, whose peer copy comes from <paramref name="remote"/>
    /// when this process holds both ends (a simulated link), or is the same block (a device link: each end reads its
    /// own device, and no probe spends its key).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task FeedAsync(IQkdModule local, IQkdModule? remote, ILinkBlockHandOver handOver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(handOver);
        PoolId own = LinkPools.PoolOf(options.Link, options.Self), theirs = LinkPools.PoolOf(options.Link, options.Peer);
        long lastBlock = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            Result<PoolStatus, KeyStoreFailure> a = store.GetPoolStatus(own), b = store.GetPoolStatus(theirs);
            if (!a.TryGetValue(out PoolStatus? ownPool) || !b.TryGetValue(out PoolStatus? theirPool) || (Full(ownPool) && Full(theirPool)))
            {
                if (remote is null)
                {
                    // a device link: the device measures its own link, and its key is not spent on a probe
                    await Task.Delay(IdlePoll, time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Nothing to fill (or the store cannot take key now), yet the link's health must stay current: an attack
                // on an idle link is seen only through blocks. So probe at a low rate.
                TimeSpan idle = time.GetElapsedTime(lastBlock);
                if (idle < options.ProbeInterval)
                {
                    TimeSpan left = options.ProbeInterval - idle;
                    await Task.Delay(left < IdlePoll ? left : IdlePoll, time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await ProbeAsync(local, remote, cancellationToken).ConfigureAwait(false);
                lastBlock = time.GetTimestamp();
                continue;
            }

            PoolId target = ownPool.AvailableBits <= theirPool.AvailableBits ? own : theirs;
            SecretKeyBlock mine = await local.NextKeyBlockAsync(cancellationToken).ConfigureAwait(false);
            SecretKeyBlock? peers = null;
            try
            {
                peers = remote is null ? mine : await remote.NextKeyBlockAsync(cancellationToken).ConfigureAwait(false);
                await DeliverAsync(target, mine, peers, handOver, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                mine.Key.Clear();
                peers?.Key.Clear();
            }

            lastBlock = time.GetTimestamp();
        }
    }

    /// <summary>
    /// Runs the link for one block only to measure it (its QBER and outcome reach the controller through the module's
    /// status). Its key is discarded at both ends, not stored: the pools are at their high watermark, which bounds the
    /// key a node holds at rest, and a probe is for health, not supply; discarding also costs no Kx round trip and no
    /// store write.
    /// </summary>
    private static async Task ProbeAsync(IQkdModule local, IQkdModule remote, CancellationToken cancellationToken)
    {
        SecretKeyBlock mine = await local.NextKeyBlockAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (await remote.NextKeyBlockAsync(cancellationToken).ConfigureAwait(false)).Key.Clear();
        }
        finally
        {
            mine.Key.Clear();
        }
    }

    private static bool Full(PoolStatus pool) => pool.AvailableBits >= pool.Options.HighWatermarkBits;

    /// <summary>
    /// Checks the block's two ends agree, has the peer store its copy (repeated while the peer is unreachable), then
    /// stores this node's copy in <paramref name="pool"/>.
    /// </summary>
    private async Task DeliverAsync(PoolId pool, SecretKeyBlock mine, SecretKeyBlock peers, ILinkBlockHandOver handOver, CancellationToken cancellationToken)
    {
        // never ingest a block that is not key-grade, or whose two ends disagree on its identity
        if (!mine.IsKeyGrade || !peers.IsKeyGrade || mine.BlockId != peers.BlockId || mine.Key.Length != peers.Key.Length || mine.Key.Length < 8)
        {
            LogSkipped(logger, options.Link.Value, mine.BlockId);
            return;
        }

        // and only a development node serves key that no QKD device made (the configuration refuses such links too;
        // this holds whatever a source claims about itself)
        if ((mine.Origin != KeyOrigin.Quantum || peers.Origin != KeyOrigin.Quantum) && !options.AcceptNonQuantumKey)
        {
            LogNotQuantum(logger, options.Link.Value, mine.BlockId, mine.Origin.ToString());
            return;
        }

        var block = BlockId.Create(mine.BlockId.ToString("N"));
        int bytes = mine.Key.Length / 8;
        byte[] ours = mine.Key.ToBytes();
        try
        {
            BlockHandOverOutcome outcome;
            while ((outcome = await handOver.HandOverAsync(pool, block, peers, cancellationToken).ConfigureAwait(false)) == BlockHandOverOutcome.Unreachable)
            {
                await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }

            if (outcome == BlockHandOverOutcome.Refused)
            {
                LogRefused(logger, options.Link.Value, options.Peer.Value, block.Value);
                return;
            }

            Result<PoolStatus, KeyStoreFailure> ingested = await store.IngestBlockAsync(pool, block, ours.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false);
            if (!ingested.IsSuccess)
            {
                LogLocalIngestFailed(logger, options.Link.Value, block.Value, ingested.Error?.ToString() ?? string.Empty);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ours);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: block {Block} skipped (not key-grade or the ends disagree).")]
    private static partial void LogSkipped(ILogger logger, string link, Guid block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: peer {Peer} refused block {Block}; dropped at both ends.")]
    private static partial void LogRefused(ILogger logger, string link, string peer, string block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: the peer stored block {Block} but this node could not ({Error}); the block is wasted.")]
    private static partial void LogLocalIngestFailed(ILogger logger, string link, string block, string error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Link {Link}: block {BlockId} is of {Origin} origin, not from a QKD device, and this node is not marked development; the block was discarded, never served.")]
    private static partial void LogNotQuantum(ILogger logger, string link, Guid blockId, string origin);
}
