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
/// Runs the source of one link at the end that owns it (the lower KME ID) and feeds the link's pools from it with the
/// library's <see cref="LinkBlockFeeder"/>; restarts the source when it fails (new commissioning keys).
/// </summary>
/// <remarks>
/// How two processes share one simulated link: a <see cref="SimulatedQkdLink"/> holds both ends in one
/// process, so the end with the lower KME ID runs it. It ingests Alice's copy of each block itself and hands
/// Bob's copy (same block ID, same bits) to the peer over Kx (<see cref="KxBlockHandOver"/>: HTTPS, mutual TLS, the
/// peer's certificate checked), and only after the peer stored it durably does it ingest its own copy.
/// With real QKD devices each node reads its own module and nothing key-like crosses Kx; only this stand-in sends key
/// bits over the (classical, TLS-protected) network.
/// A link whose key comes from a QKD device (<c>etsi014</c>, <see cref="Etsi014QkdModule"/>) works the same way with
/// key IDs in place of bits: this end takes a batch from its device and announces its key IDs over Kx; the peer fetches
/// the same keys from its own device and stores them; then this end stores its copy. Such a link runs no probe blocks
/// (a device's key is not spent to measure it).
/// </remarks>
public sealed partial class LinkFeeder(
    LinkSettings link, NodeTopology topology, IKeyStore store, IKxClient kx, TimeProvider time, ILogger<LinkFeeder> logger, Network.LinkRegistry? registry = null,
    DeviceLinks? devices = null) : BackgroundService
{
    private readonly LinkBlockFeeder _feeder = new(
        new LinkBlockFeederOptions(link.Id, topology.Self, link.Peer, link.Source.ProbeInterval, AcceptNonQuantumKey: topology.Development), store, time, logger);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                await _feeder.FeedAsync(local, remote, new KxBlockHandOver(kx, link.Peer, remote is null ? (Etsi014QkdModule)local : null), stoppingToken).ConfigureAwait(false);
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

            await Task.Delay(LinkBlockFeeder.RetryDelay, time, stoppingToken).ConfigureAwait(false);
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
        if (s.Kind == LinkSourceKind.Random)
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
}
