using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Simulation;

/// <summary>
/// Users placed on nodes in proportion to population weight (largest remainder, so the placement has no
/// randomness), and the draw of a request's peer: a user on a nearby node, elsewhere in the region, or in another
/// region, each node chosen with probability proportional to its users. Immutable after construction.
/// </summary>
internal sealed class UserPopulation
{
    private readonly int[] _firstUser;
    private readonly int[] _nodeRegion;
    private readonly NodeSet[] _local;
    private readonly NodeSet[] _regions;

    private UserPopulation(int[] userNode, int[] firstUser, int[] userCount, int[] nodeRegion, NodeSet[] local, NodeSet[] regions)
    {
        UserNode = userNode;
        _firstUser = firstUser;
        UserCount = userCount;
        _nodeRegion = nodeRegion;
        _local = local;
        _regions = regions;
    }

    /// <summary>The home node index of each user.</summary>
    public int[] UserNode { get; }

    /// <summary>Users per node.</summary>
    public int[] UserCount { get; }

    /// <summary>Places <paramref name="users"/> users; fails when no node has a positive weight.</summary>
    public static Result<UserPopulation> Create(NetworkTopology topology, SimulationScenario scenario, IReadOnlySet<KmeId> satellites, int users)
    {
        int n = topology.Nodes.Count;
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            KmeId id = topology.Nodes[i].Id;
            weights[i] = satellites.Contains(id) ? 0 : scenario.Weights.TryGetValue(id, out double w) ? w : scenario.DefaultWeight;
        }

        double total = weights.Sum();
        if (users > 0 && !(total > 0))
        {
            return Result<UserPopulation>.Fail("no node has a positive population weight, so no user can be placed.");
        }

        // Hamilton's largest-remainder apportionment: floor of each quota, the rest to the largest remainders (ties by index).
        var count = new int[n];
        var remainders = new (double Remainder, int Node)[n];
        int placed = 0;
        for (int i = 0; i < n; i++)
        {
            double quota = users * weights[i] / total;
            count[i] = (int)Math.Floor(quota);
            placed += count[i];
            remainders[i] = (quota - count[i], i);
        }

        Array.Sort(remainders, static (x, y) => x.Remainder != y.Remainder ? y.Remainder.CompareTo(x.Remainder) : x.Node.CompareTo(y.Node));
        for (int k = 0; placed < users; k++, placed++)
        {
            count[remainders[k % n].Node]++;
        }

        var first = new int[n];
        var userNode = new int[users];
        for (int i = 0, u = 0; i < n; i++)
        {
            first[i] = u;
            for (int c = 0; c < count[i]; c++)
            {
                userNode[u++] = i;
            }
        }

        var regionNames = new List<string>();
        var nodeRegion = new int[n];
        for (int i = 0; i < n; i++)
        {
            string name = scenario.Regions.TryGetValue(topology.Nodes[i].Id, out string? r) ? r : "default";
            int index = regionNames.IndexOf(name);
            if (index < 0)
            {
                index = regionNames.Count;
                regionNames.Add(name);
            }

            nodeRegion[i] = index;
        }

        NodeSet[] regions = [.. Enumerable.Range(0, regionNames.Count).Select(r => new NodeSet([.. Enumerable.Range(0, n).Where(i => nodeRegion[i] == r)], count))];
        NodeSet[] local = [.. Enumerable.Range(0, n).Select(i => new NodeSet(LocalNodes(topology, i, nodeRegion, scenario.Demand.LocalRadiusKm), count))];
        return new UserPopulation(userNode, first, count, nodeRegion, local, regions);
    }

    /// <summary>
    /// A peer user for a request from <paramref name="user"/>, by the demand mix; a class with no users to reach
    /// passes its share to the next wider one (local, then national, then intercontinental, then national again).
    /// -1 when the user can reach nobody.
    /// </summary>
    public int DrawPeer(int user, DemandModel demand, SimulationRandom random)
    {
        int node = UserNode[user];
        double u = random.NextDouble();
        int start = u < demand.Local ? 0 : u < demand.Local + demand.National ? 1 : 2;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            int peerNode = ((start + attempt) % 3) switch
            {
                0 => _local[node].Draw(random, exclude: node),
                1 => _regions[_nodeRegion[node]].Draw(random, exclude: node),
                _ => DrawOtherRegion(node, random),
            };
            if (peerNode >= 0)
            {
                return _firstUser[peerNode] + (int)(random.NextUInt64() % (ulong)UserCount[peerNode]);
            }
        }

        return -1;
    }

    private int DrawOtherRegion(int node, SimulationRandom random)
    {
        int own = _nodeRegion[node];
        long others = 0;
        for (int r = 0; r < _regions.Length; r++)
        {
            others += r == own ? 0 : _regions[r].TotalUsers;
        }

        if (others == 0)
        {
            return -1;
        }

        long k = (long)(random.NextUInt64() % (ulong)others);
        for (int r = 0; r < _regions.Length; r++)
        {
            if (r != own)
            {
                if (k < _regions[r].TotalUsers)
                {
                    return _regions[r].At(k);
                }

                k -= _regions[r].TotalUsers;
            }
        }

        return -1;
    }

    /// <summary>Other nodes of the same region within the radius (great circle), or else the link neighbours.</summary>
    private static int[] LocalNodes(NetworkTopology topology, int i, int[] nodeRegion, double radiusKm)
    {
        TopologyNode node = topology.Nodes[i];
        var near = new List<int>();
        if (node.Position is { } p)
        {
            for (int j = 0; j < topology.Nodes.Count; j++)
            {
                if (j != i && nodeRegion[j] == nodeRegion[i] && topology.Nodes[j].Position is { } q && GreatCircleKm(p, q) <= radiusKm)
                {
                    near.Add(j);
                }
            }
        }

        if (near.Count == 0)
        {
            var index = topology.Nodes.Select((n, k) => (n.Id, k)).ToDictionary(x => x.Id, x => x.k);
            near.AddRange(topology.LinksOf(node.Id).Select(l => index[l.OtherEnd(node.Id)]).Distinct().Order());
        }

        return [.. near];
    }

    /// <summary>Haversine distance on a sphere of the mean Earth radius (Sinnott, Sky and Telescope 68, 159 (1984)).</summary>
    internal static double GreatCircleKm(GeoPosition a, GeoPosition b)
    {
        double lat1 = a.LatitudeDegrees * Math.PI / 180, lat2 = b.LatitudeDegrees * Math.PI / 180;
        double dLat = lat2 - lat1, dLon = (b.LongitudeDegrees - a.LongitudeDegrees) * Math.PI / 180;
        double h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * SatelliteOrbit.EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Nodes with the running total of their users, for a draw proportional to users.</summary>
    private sealed class NodeSet
    {
        private readonly int[] _nodes;
        private readonly long[] _cumulative;
        private readonly int[] _counts;
        private readonly Dictionary<int, int> _position = [];

        public NodeSet(int[] nodes, int[] counts)
        {
            _nodes = nodes;
            _counts = counts;
            for (int i = 0; i < nodes.Length; i++)
            {
                _position[nodes[i]] = i;
            }

            _cumulative = new long[nodes.Length];
            long sum = 0;
            for (int i = 0; i < nodes.Length; i++)
            {
                sum += counts[nodes[i]];
                _cumulative[i] = sum;
            }

            TotalUsers = sum;
        }

        public long TotalUsers { get; }

        /// <summary>The node holding the k-th user of the set (0-based).</summary>
        public int At(long k)
        {
            int index = Array.BinarySearch(_cumulative, k + 1);
            return _nodes[index >= 0 ? FirstOf(index) : ~index];
        }

        /// <summary>A node drawn by users, never <paramref name="exclude"/>; -1 when no other node has users.</summary>
        public int Draw(SimulationRandom random, int exclude)
        {
            int position = _position.GetValueOrDefault(exclude, -1);
            long excluded = position >= 0 ? _counts[exclude] : 0;
            long available = TotalUsers - excluded;
            if (available <= 0)
            {
                return -1;
            }

            // Draw among the others: skip over the excluded node's block of users.
            long k = (long)(random.NextUInt64() % (ulong)available);
            if (position >= 0 && k >= (position == 0 ? 0 : _cumulative[position - 1]))
            {
                k += excluded;
            }

            return At(k);
        }

        private int FirstOf(int index)
        {
            // Nodes without users repeat the running total; the k-th user belongs to the first node that reaches it.
            while (index > 0 && _cumulative[index - 1] == _cumulative[index])
            {
                index--;
            }

            return index;
        }
    }
}
