using QkdNet.KeyManagement;

namespace QkdNet.Simulation;

/// <summary>Key requests: arrivals, relays along the routes, waiting, blocking.</summary>
public sealed partial class WanSimulation
{
    private readonly long[] _userBits;
    private readonly List<Pending> _pending = [];
    private readonly long[] _blockedBy = new long[3];
    private readonly List<long> _hopHistogram = [];
    private readonly List<LinkId> _routeLinks = [];
    private Dictionary<(int, int), int[][]?> _routeCache = [];
    private long _requests;
    private long _delivered;
    private long _blocked;
    private double _waitSum;
    private double _waitMax;
    private long _hopSum;
    private long _trustedSum;

    private enum Outcome
    {
        Served,
        NoKey,
        NoRoute,
        NodeDown,
    }

    private void ScheduleNextArrival(double now)
    {
        double perSecond = _users.UserNode.Length * _scenario.Demand.RequestsPerUserPerHour / 3600;
        if (perSecond > 0)
        {
            // Superposition of the users' Poisson processes: one Poisson process of the summed rate.
            Schedule(now + SimulatedPool.Exponential(_random, perSecond), EventKind.Arrival);
        }
    }

    private void OnArrival(double now)
    {
        ScheduleNextArrival(now);
        _requests++;
        int user = (int)(_random.NextUInt64() % (ulong)_users.UserNode.Length);
        int peer = _users.DrawPeer(user, _scenario.Demand, _random);
        if (peer < 0)
        {
            Block(Outcome.NoRoute, -1);
            return;
        }

        var request = new Pending(user, peer, now, now + _scenario.Demand.MaxWaitSeconds);
        Attempt(request, now, -1);
    }

    private void OnRetry(int index, double now) => Attempt(_pending[index], now, index);

    private void Attempt(Pending request, double now, int pendingIndex)
    {
        (Outcome outcome, int shortLink) = TryServe(request, now);
        if (outcome == Outcome.Served)
        {
            return;
        }

        if (now < request.Deadline)
        {
            double retryAt = now + _scenario.ControlIntervalSeconds;
            if (outcome == Outcome.NoKey)
            {
                // When the short pool will hold a key at its present rate (others may take it first: then wait again).
                double seconds = _links[shortLink].Pool.SecondsUntil(_scenario.Demand.KeyBits);
                retryAt = now + Math.Max(seconds, 1e-3);
            }

            if (pendingIndex < 0)
            {
                pendingIndex = _pending.Count;
                _pending.Add(request);
            }

            Schedule(Math.Min(retryAt, request.Deadline), EventKind.Retry, pendingIndex);
            return;
        }

        Block(outcome, shortLink);
    }

    private void Block(Outcome outcome, int shortLink)
    {
        _blocked++;
        _blockedBy[outcome switch { Outcome.NoKey => 0, Outcome.NoRoute => 1, _ => 2 }]++;
        if (shortLink >= 0)
        {
            _links[shortLink].BlockedRequests++;
        }
    }

    /// <summary>Relays one key between the request's users if every hop of its route(s) holds a key's worth of pad.</summary>
    private (Outcome, int ShortLink) TryServe(Pending request, double now)
    {
        int from = _users.UserNode[request.User], to = _users.UserNode[request.Peer];
        if (_nodeDown[from] || _nodeDown[to])
        {
            return (Outcome.NodeDown, -1);
        }

        int keyBits = _scenario.Demand.KeyBits;
        int[][]? paths = from == to ? [] : Routes(from, to);
        if (paths is null)
        {
            return (Outcome.NoRoute, -1);
        }

        foreach (int[] path in paths)
        {
            foreach (int l in path)
            {
                SimulatedPool pool = _links[l].Pool;
                pool.Advance(now, _random);
                if (!pool.Holds(keyBits))
                {
                    return (Outcome.NoKey, l);
                }
            }
        }

        // Every hop one-time-pads the key (Route.KeyCostBits: hops x key size); with k disjoint paths each carries an XOR share as long as the key.
        int hops = 0, trusted = 0;
        foreach (int[] path in paths)
        {
            foreach (int l in path)
            {
                _links[l].Pool.Consume(keyBits);
                _links[l].Relays++;
            }

            hops += path.Length;
            trusted += Math.Max(0, path.Length - 1);
        }

        int firstHops = paths.Length == 0 ? 0 : paths[0].Length;
        while (_hopHistogram.Count <= firstHops)
        {
            _hopHistogram.Add(0);
        }

        _hopHistogram[firstHops]++;
        _delivered++;
        _hopSum += hops;
        _trustedSum += trusted;
        double wait = now - request.Arrival;
        _waitSum += wait;
        _waitMax = Math.Max(_waitMax, wait);
        _userBits[request.User] += keyBits;
        _userBits[request.Peer] += keyBits;
        return (Outcome.Served, -1);
    }

    /// <summary>The link indices of the route(s) from node <paramref name="from"/> to <paramref name="to"/> in the current snapshot; null when none.</summary>
    private int[][]? Routes(int from, int to)
    {
        if (_routeCache.TryGetValue((from, to), out int[][]? cached))
        {
            return cached;
        }

        int[][]? paths = null;
        if (_scenario.Multipath > 1
            && _snapshot.FindDisjointRoutes(_topology.Nodes[from].Id, _topology.Nodes[to].Id, _scenario.Multipath) is { IsSuccess: true } multi)
        {
            paths = [.. multi.Value.Paths.Select(p => p.Links.Select(l => _linkIndex[l]).ToArray())];
        }
        else
        {
            // Fewer disjoint paths than configured: the key goes over the single best path. The links are copied
            // straight out of the shortest-path tree (no Route object per new pair: the simulation's main allocation).
            _routeLinks.Clear();
            if (_snapshot.RoutesFrom(_topology.Nodes[from].Id).Value.TryAppendLinksTo(_topology.Nodes[to].Id, _routeLinks))
            {
                var path = new int[_routeLinks.Count];
                for (int i = 0; i < path.Length; i++)
                {
                    path[i] = _linkIndex[_routeLinks[i]];
                }

                paths = [path];
            }
        }

        _routeCache[(from, to)] = paths;
        return paths;
    }

    private readonly record struct Pending(int User, int Peer, double Arrival, double Deadline);
}
