using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Quantum;
using QkdNet.Quantum.Physics;

namespace QkdNet.Node.Links;

/// <summary>
/// Pulls key blocks from one link and ingests them at both ends, while either of the link's two pools is
/// below its high watermark; when both are full it still runs a probe block every
/// <see cref="LinkSourceSettings.ProbeInterval"/> (key discarded), so the link's health stays current.
/// </summary>
/// <remarks>
/// How two processes share one simulated link: a <see cref="SimulatedQkdLink"/> holds both ends in one
/// process, so the end with the lower KME ID runs it. It ingests Alice's copy of each block itself and hands
/// Bob's copy (same block ID, same bits) to the peer over Kx (HTTPS, mutual TLS, the peer's certificate
/// checked), and only after the peer stored it durably does it ingest its own copy, so a block the master
/// can reserve from always exists at the slave. If this node then fails to ingest, the peer holds an unused
/// block: waste, never a mismatch. With real QKD devices each node reads its own module and nothing key-like
/// crosses Kx; only this stand-in sends key bits over the (classical, TLS-protected) network.
/// A link whose key comes from a QKD device (<c>etsi014</c>, <see cref="Etsi014QkdModule"/>) works the same way with
/// key IDs in place of bits: this end takes a batch from its device and announces its key IDs over Kx; the peer fetches
/// the same keys from its own device and stores them; then this end stores its copy. Such a link runs no probe blocks
/// (a device's key is not spent to measure it).
/// Blocks alternate between the two pools (<see cref="LinkPools"/>): each goes to the emptier one.
/// </remarks>
public sealed partial class LinkFeeder(
    LinkSettings link, NodeTopology topology, IKeyStore store, IKxClient kx, TimeProvider time, ILogger<LinkFeeder> logger, Network.LinkRegistry? registry = null,
    DeviceLinks? devices = null) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LinkId own = LinkPools.PoolOf(link.Id, topology.Self), theirs = LinkPools.PoolOf(link.Id, link.Peer);
        while (!stoppingToken.IsCancellationRequested)
        {
            (IQkdModule local, IQkdModule? remote, IDisposable? owner) = link.Source.Device is null ? CreateSource(link, time)
                : ((devices ?? throw new InvalidOperationException("A device link needs the node's DeviceLinks.")).Module(link.Id), null, null);
            registry?.Attach(link.Id, local, owner as SimulatedQkdLink);
            if (owner is SimulatedQkdLink simulated)
            {
                simulated.Halted += reason => LogHalted(logger, link.Id.Value, reason);
            }

            try
            {
                await FeedAsync(local, remote, own, theirs, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failing link source (say, its authentication pool ran dry) is restarted, never allowed to stop the node
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogSourceFailed(logger, link.Id.Value, e.GetType().Name);
            }
            finally
            {
                registry?.Detach(link.Id);
                owner?.Dispose();
            }

            await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task FeedAsync(IQkdModule local, IQkdModule? remote, LinkId own, LinkId theirs, CancellationToken stoppingToken)
    {
        long lastBlock = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            KeyStoreResult<PoolStatus> a = store.GetPoolStatus(own), b = store.GetPoolStatus(theirs);
            if (!a.IsSuccess || !b.IsSuccess || (Full(a.Value!) && Full(b.Value!)))
            {
                if (remote is null)
                {
                    // a device link: the device measures its own link, and its key is not spent on a probe
                    await Task.Delay(IdlePoll, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                // Nothing to fill (or the store cannot take key now), yet the link's health must stay current: an attack
                // on an idle link is seen only through blocks. So probe at a low rate.
                TimeSpan idle = time.GetElapsedTime(lastBlock);
                if (idle < link.Source.ProbeInterval)
                {
                    TimeSpan left = link.Source.ProbeInterval - idle;
                    await Task.Delay(left < IdlePoll ? left : IdlePoll, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await ProbeAsync(local, remote, stoppingToken).ConfigureAwait(false);
                lastBlock = time.GetTimestamp();
                continue;
            }

            LinkId target = a.Value!.AvailableBits <= b.Value!.AvailableBits ? own : theirs;
            SecretKeyBlock mine = await local.NextKeyBlockAsync(stoppingToken).ConfigureAwait(false);
            SecretKeyBlock? peers = null;
            try
            {
                if (remote is null)
                {
                    await DeliverAsync(target, mine, mine, (block, c) => kx.AnnounceDeviceBlockAsync(link.Peer, target, block, ((Etsi014QkdModule)local).KeyIdsOf(mine), c), stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    peers = await remote.NextKeyBlockAsync(stoppingToken).ConfigureAwait(false);
                    await SendAndDeliverAsync(target, mine, peers, stoppingToken).ConfigureAwait(false);
                }
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

    /// <summary><see cref="DeliverAsync"/> of a block whose peer copy (<paramref name="peers"/>) this node hands over in bytes.</summary>
    private async Task SendAndDeliverAsync(LinkId pool, SecretKeyBlock mine, SecretKeyBlock peers, CancellationToken cancellationToken)
    {
        int bytes = peers.Key.Length / 8;
        byte[] theirs = peers.Key.ToBytes();
        try
        {
            await DeliverAsync(pool, mine, peers, (block, c) => kx.SendBlockAsync(link.Peer, pool, block, theirs.AsMemory(0, bytes), c), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(theirs);
        }
    }

    /// <summary>
    /// Checks the block's two ends agree, has the peer store its copy (<paramref name="handOver"/>, repeated while the
    /// peer is unreachable), then stores this node's copy in <paramref name="pool"/>.
    /// </summary>
    private async Task DeliverAsync(
        LinkId pool, SecretKeyBlock mine, SecretKeyBlock peers, Func<BlockId, CancellationToken, Task<KxBlockOutcome>> handOver, CancellationToken cancellationToken)
    {
        // never ingest a block that is not key-grade, or whose two ends disagree on its identity
        if (!mine.IsKeyGrade || !peers.IsKeyGrade || mine.BlockId != peers.BlockId || mine.Key.Length != peers.Key.Length || mine.Key.Length < 8)
        {
            LogSkipped(logger, link.Id.Value, mine.BlockId);
            return;
        }

        // and only a development node serves key that no QKD device made (the configuration refuses such links too;
        // this holds whatever a source claims about itself)
        if ((mine.Origin != Quantum.KeyOrigin.Quantum || peers.Origin != Quantum.KeyOrigin.Quantum) && !topology.Development)
        {
            LogNotQuantum(logger, link.Id.Value, mine.BlockId, mine.Origin.ToString());
            return;
        }

        var block = BlockId.Create(mine.BlockId.ToString("N"));
        int bytes = mine.Key.Length / 8;
        byte[] ours = mine.Key.ToBytes();
        try
        {
            KxBlockOutcome outcome;
            while ((outcome = await handOver(block, cancellationToken).ConfigureAwait(false)) == KxBlockOutcome.Unreachable)
            {
                await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }

            if (outcome == KxBlockOutcome.Refused)
            {
                LogRefused(logger, link.Id.Value, link.Peer.Value, block.Value);
                return;
            }

            KeyStoreResult<PoolStatus> ingested = await store.IngestBlockAsync(pool, block, ours.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false);
            if (!ingested.IsSuccess)
            {
                LogLocalIngestFailed(logger, link.Id.Value, block.Value, ingested.Error.ToString());
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ours);
        }
    }

    /// <summary>
    /// The two ends of <paramref name="link"/>'s source, and what to dispose when it stops. A simulated link's
    /// post-processing aborts a block at the link's own QBER threshold (from the topology), the figure the controller
    /// quarantines at, rather than a default of its own.
    /// </summary>
    internal static (IQkdModule Local, IQkdModule Remote, IDisposable? Owner) CreateSource(LinkSettings link, TimeProvider time)
    {
        LinkSourceSettings s = link.Source;
        if (s.Kind == "random")
        {
            var random = new RandomKeyLink(link.Id.Value, s.BlockBits, time);
            return (random.Alice, random.Bob, null);
        }

        var physics = LinkPresets.Create(s.Preset, s.DistanceKm).Value;
        long pulses = s.PulsesPerBlock > 0 ? s.PulsesPerBlock : SimulatedQkdLink.RecommendedPulsesPerBlock(physics);
        PostProcessingOptions options = PostProcessingOptions.For(physics.Source) with { MaxQber = link.QberThreshold };
        var simulated = new SimulatedQkdLink(link.Id.Value, physics, pulses, options, time);
        return (simulated.Alice, simulated.Bob, simulated);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: the link source failed ({ExceptionType}); restarting it (new commissioning keys).")]
    private static partial void LogSourceFailed(ILogger logger, string link, string exceptionType);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Link {Link}: {Reason}. A man in the middle on its classical channel is suspected; the controller quarantines it. Re-commission it (POST /admin/v1/links/{Link}/recommission, admin certificate) once the cause is found.")]
    private static partial void LogHalted(ILogger logger, string link, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: block {Block} skipped (not key-grade or the ends disagree).")]
    private static partial void LogSkipped(ILogger logger, string link, Guid block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: peer {Peer} refused block {Block}; dropped at both ends.")]
    private static partial void LogRefused(ILogger logger, string link, string peer, string block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Link {Link}: the peer stored block {Block} but this node could not ({Error}); the block is wasted.")]
    private static partial void LogLocalIngestFailed(ILogger logger, string link, string block, string error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Link {Link}: block {BlockId} is of {Origin} origin, not from a QKD device, and this node is not marked development; the block was discarded, never served.")]
    private static partial void LogNotQuantum(ILogger logger, string link, Guid blockId, string origin);
}
