namespace QkdNet.Simulation;

/// <summary>The report at the end of a run.</summary>
public sealed partial class WanSimulation
{
    private SimulationReport BuildReport(long processed)
    {
        var outcomes = new LinkOutcome[_links.Length];
        for (int i = 0; i < _links.Length; i++)
        {
            SimLink link = _links[i];
            link.Pool.Advance(_endSeconds, _random);
            SetExcluded(link, false, _endSeconds); // closes an open down interval
            double available = (_scenario.InitialPoolFraction * _scenario.Pool.CapacityBits) + link.Pool.SuppliedBits;
            outcomes[i] = new LinkOutcome(link.Link.Id.Value, link.Link.A.Value, link.Link.B.Value, link.NominalRateBps, link.Pool.SuppliedBits,
                link.Pool.WastedBits, link.Pool.ConsumedBits, link.Relays, link.BlockedRequests, available > 0 ? link.Pool.ConsumedBits / available : 0,
                link.Pool.LevelBits, link.DownSeconds, link.PassSeconds, [.. _samples[i].Select(f => (double)f)]);
        }

        string[] bottlenecks = [.. outcomes
            .Where(o => o.BlockedRequests > 0 || o.ConsumedBits > 0)
            .OrderByDescending(o => o.BlockedRequests).ThenByDescending(o => o.Utilisation).ThenBy(o => o.Link, StringComparer.Ordinal)
            .Take(10).Select(o => o.Link)];
        return new SimulationReport
        {
            Seed = _seed,
            Network = _topology.Name,
            Hours = _scenario.Hours,
            Users = _users.UserNode.Length,
            Nodes = _topology.Nodes.Count,
            Links = _topology.Links.Count,
            Requests = _requests,
            KeysDelivered = _delivered,
            Blocked = _blocked,
            BlockedBy = new Dictionary<string, long> { ["no_key"] = _blockedBy[0], ["no_route"] = _blockedBy[1], ["node_down"] = _blockedBy[2] },
            MeanWaitSeconds = _delivered == 0 ? 0 : _waitSum / _delivered,
            MaxWaitSeconds = _waitMax,
            MeanHops = _delivered == 0 ? 0 : (double)_hopSum / _delivered,
            MeanTrustedNodes = _delivered == 0 ? 0 : (double)_trustedSum / _delivered,
            HopHistogram = [.. _hopHistogram],
            UserKey = Summarise(_userBits),
            LinkOutcomes = outcomes,
            BottleneckLinks = bottlenecks,
            SampleHours = [.. _sampleHours],
            MeanPoolFraction = [.. _meanPoolFraction],
            BlockingOverTime = [.. _blockingOverTime],
            Quarantines = _quarantines,
            EventsProcessed = processed,
            PerUserBits = _userBits,
        };
    }

    private static UserSupply Summarise(long[] bits)
    {
        if (bits.Length == 0)
        {
            return new UserSupply(0, 0, 0, 0, 0, 0);
        }

        long[] sorted = [.. bits];
        Array.Sort(sorted);
        return new UserSupply(sorted[0], sorted[sorted.Length / 2], sorted.Average(), sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(0.95 * sorted.Length) - 1)],
            sorted[^1], sorted.LongCount(b => b == 0));
    }
}
