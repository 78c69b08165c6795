using System.Collections.Concurrent;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Quantum;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Node.Network;

/// <summary>
/// The link sources running in this node (the end with the lower KME ID runs each link), for health reports,
/// metrics, the attack switch of a simulated link and its re-commissioning. An eavesdropper set here survives a restart of the source.
/// Thread-safe.
/// </summary>
public sealed class LinkRegistry
{
    private readonly ConcurrentDictionary<LinkId, IQkdModule> _modules = new();
    private readonly ConcurrentDictionary<LinkId, SimulatedQkdLink> _simulated = new();
    private readonly ConcurrentDictionary<LinkId, Eavesdropper> _eavesdroppers = new();

    /// <summary>Called by the link feeder when a source starts.</summary>
    public void Attach(LinkId link, IQkdModule module, SimulatedQkdLink? simulated)
    {
        _modules[link] = module;
        if (simulated is not null)
        {
            simulated.Eavesdropper = _eavesdroppers.GetValueOrDefault(link);
            _simulated[link] = simulated;
        }
    }

    /// <summary>Called by the link feeder when a source stops.</summary>
    public void Detach(LinkId link)
    {
        _modules.TryRemove(link, out _);
        _simulated.TryRemove(link, out _);
    }

    /// <summary>The links whose source runs here, with their module's status.</summary>
    public IReadOnlyList<(LinkId Link, QkdModuleStatus Status)> Statuses() =>
        [.. _modules.OrderBy(m => m.Key.Value, StringComparer.Ordinal).Select(m => (m.Key, m.Value.Status))];

    /// <summary>The simulated link sources running here, with the eavesdropper on each (null: none).</summary>
    public IReadOnlyList<(LinkId Link, Eavesdropper? Eve)> Simulated() =>
        [.. _simulated.Keys.OrderBy(l => l.Value, StringComparer.Ordinal).Select(l => (l, _eavesdroppers.GetValueOrDefault(l)))];

    /// <summary>The eavesdropper on <paramref name="link"/>'s simulation, or null.</summary>
    public Eavesdropper? EavesdropperOn(LinkId link) => _eavesdroppers.GetValueOrDefault(link);

    /// <summary>
    /// Puts <paramref name="eve"/> on the simulated link <paramref name="link"/> (null takes it off). Fails when this node
    /// runs no simulated source for that link (the other end runs it, or the source is not a simulation).
    /// </summary>
    public Result<bool> SetEavesdropper(LinkId link, Eavesdropper? eve)
    {
        if (!_simulated.TryGetValue(link, out SimulatedQkdLink? simulated))
        {
            return Result<bool>.Fail($"this node runs no simulated source for link '{link}'.");
        }

        if (eve is null)
        {
            _eavesdroppers.TryRemove(link, out _);
        }
        else
        {
            _eavesdroppers[link] = eve;
        }

        simulated.Eavesdropper = eve;
        return true;
    }

    /// <summary>
    /// Re-commissions the simulated link <paramref name="link"/> with fresh authentication keys and lets it run again
    /// (an operator's answer to a failed Wegman-Carter tag, which halts the link). Returns whether the link was halted;
    /// fails when this node runs no simulated source for that link.
    /// </summary>
    public async Task<Result<bool>> RecommissionAsync(LinkId link, CancellationToken cancellationToken)
    {
        if (!_simulated.TryGetValue(link, out SimulatedQkdLink? simulated))
        {
            return Result<bool>.Fail($"this node runs no simulated source for link '{link}'.");
        }

        bool halted = simulated.IsHalted;
        await simulated.RecommissionAsync(cancellationToken).ConfigureAwait(false);
        return halted;
    }
}
