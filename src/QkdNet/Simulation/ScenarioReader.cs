using QkdNet.Control.Topology;
using QkdNet.Control.Topology.Json;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.Quantum.Physics;

namespace QkdNet.Simulation;

/// <summary>
/// Reads the <c>simulation</c> section of a topology file into a <see cref="SimulationScenario"/>, checking it against
/// the topology; every problem is a line "line N: ..." (the same style as the topology readers), never an exception.
/// </summary>
/// <remarks>
/// Fields (all optional): <c>users</c>, <c>hours</c>, <c>keyArrivals</c> (fluid | poisson-blocks), <c>blockBits</c>,
/// <c>rateModel</c> (asymptotic | finite-key), <c>multipath</c>, <c>controlIntervalSeconds</c>,
/// <c>routingRefreshSeconds</c>, <c>sampleIntervalSeconds</c>, <c>defaultWeight</c>,
/// <c>pool</c> { capacityBits, lowWatermarkBits, highWatermarkBits, initialFraction },
/// <c>demand</c> { requestsPerUserPerHour, keyBits, maxWaitSeconds, localRadiusKm, mix { local, national, intercontinental } },
/// <c>population</c> [{ node, weight }], <c>regions</c> [{ name, nodes: [...] }], <c>failures</c> { mtbfHours, mttrHours },
/// <c>events</c> [{ kind: link-failure | eavesdrop | node-outage, link | node, atHours, durationHours, interceptFraction }],
/// <c>satellites</c> [{ node, altitudeKm, inclinationDegrees, raanDegrees, phaseDegrees, minElevationDegrees,
/// referenceLossDb, referenceRangeKm, zenithAtmosphereDb }].
/// </remarks>
internal static class ScenarioReader
{
    private static readonly string[] Fields = ["users", "hours", "keyArrivals", "blockBits", "rateModel", "multipath", "controlIntervalSeconds",
        "routingRefreshSeconds", "sampleIntervalSeconds", "defaultWeight", "pool", "demand", "population", "regions", "failures", "events", "satellites"];

    public static SimulationScenario Read(PositionedJson? section, NetworkTopology topology, List<string> errors)
    {
        if (section is null)
        {
            return SimulationScenario.Default;
        }

        JsonObjectReader? r = JsonObjectReader.Open(section, "the simulation section", errors, Fields);
        if (r is null)
        {
            return SimulationScenario.Default;
        }

        var s = new SimulationScenario();
        double users = Positive(r, "users", s.Users, whole: true);
        double hours = Positive(r, "hours", s.Hours);
        double blockBits = Positive(r, "blockBits", s.BlockBits);
        double multipath = Positive(r, "multipath", s.Multipath, whole: true);
        double control = Positive(r, "controlIntervalSeconds", s.ControlIntervalSeconds);
        double refresh = Positive(r, "routingRefreshSeconds", s.RoutingRefreshSeconds);
        double sample = Positive(r, "sampleIntervalSeconds", s.SampleIntervalSeconds);
        double defaultWeight = NonNegative(r, "defaultWeight", s.DefaultWeight);
        KeyArrivalMode arrivals = r.OptionalString("keyArrivals") switch
        {
            null or "fluid" => KeyArrivalMode.Fluid,
            "poisson-blocks" => KeyArrivalMode.PoissonBlocks,
            string other => Bad(r, "keyArrivals", $"keyArrivals must be 'fluid' or 'poisson-blocks', got '{other}'.", KeyArrivalMode.Fluid),
        };
        bool finite = r.OptionalString("rateModel") switch
        {
            null or "asymptotic" => false,
            "finite-key" => true,
            string other => Bad(r, "rateModel", $"rateModel must be 'asymptotic' or 'finite-key', got '{other}'.", false),
        };

        return s with
        {
            Users = (int)Math.Min(users, int.MaxValue),
            Hours = hours,
            BlockBits = blockBits,
            Multipath = (int)Math.Min(multipath, 16),
            ControlIntervalSeconds = control,
            RoutingRefreshSeconds = refresh,
            SampleIntervalSeconds = sample,
            DefaultWeight = defaultWeight,
            KeyArrivals = arrivals,
            FiniteKey = finite,
            Pool = ReadPool(r, s, errors, out double initial),
            InitialPoolFraction = initial,
            Demand = ReadDemand(r, errors),
            Weights = ReadPopulation(r, topology, errors),
            Regions = ReadRegions(r, topology, errors),
            LinkMtbfHours = ReadFailures(r, errors, out double mttr),
            LinkMttrHours = mttr,
            Events = ReadEvents(r, topology, errors),
            Satellites = ReadSatellites(r, topology, errors),
        };
    }

    private static PoolOptions ReadPool(JsonObjectReader parent, SimulationScenario s, List<string> errors, out double initial)
    {
        initial = s.InitialPoolFraction;
        if (Child(parent, "pool", errors, ["capacityBits", "lowWatermarkBits", "highWatermarkBits", "initialFraction"]) is not { } r)
        {
            return s.Pool;
        }

        double capacity = Positive(r, "capacityBits", s.Pool.CapacityBits, whole: true);
        double low = Positive(r, "lowWatermarkBits", Math.Min(s.Pool.LowWatermarkBits, capacity), whole: true);
        double high = Positive(r, "highWatermarkBits", Math.Min(s.Pool.HighWatermarkBits, capacity), whole: true);
        initial = Fraction(r, "initialFraction", s.InitialPoolFraction);
        var pool = new PoolOptions(s.Pool.KeySizeBits, (long)low, (long)high, (long)capacity);
        if (!(pool.KeySizeBits <= pool.LowWatermarkBits && pool.LowWatermarkBits <= pool.HighWatermarkBits && pool.HighWatermarkBits <= pool.CapacityBits))
        {
            r.Error("capacityBits", $"pool sizes need {pool.KeySizeBits} <= lowWatermarkBits ({low}) <= highWatermarkBits ({high}) <= capacityBits ({capacity}).");
            return s.Pool;
        }

        return pool;
    }

    private static DemandModel ReadDemand(JsonObjectReader parent, List<string> errors)
    {
        DemandModel d = DemandModel.Default;
        if (Child(parent, "demand", errors, ["requestsPerUserPerHour", "keyBits", "maxWaitSeconds", "localRadiusKm", "mix"]) is not { } r)
        {
            return d;
        }

        double rate = NonNegative(r, "requestsPerUserPerHour", d.RequestsPerUserPerHour);
        double keyBits = Positive(r, "keyBits", d.KeyBits, whole: true);
        if (double.IsFinite(keyBits) && (keyBits % 8 != 0 || keyBits > 1 << 20))
        {
            r.Error("keyBits", $"keyBits must be a multiple of 8 up to 1048576, got {keyBits}.");
        }

        double wait = NonNegative(r, "maxWaitSeconds", d.MaxWaitSeconds);
        double radius = NonNegative(r, "localRadiusKm", d.LocalRadiusKm);
        d = d with { RequestsPerUserPerHour = rate, KeyBits = (int)Math.Clamp(keyBits, 8, 1 << 20), MaxWaitSeconds = wait, LocalRadiusKm = radius };
        if (Child(r, "mix", errors, ["local", "national", "intercontinental"]) is { } mix)
        {
            double local = Fraction(mix, "local", 0), national = Fraction(mix, "national", 0), inter = Fraction(mix, "intercontinental", 0);
            if (!(Math.Abs(local + national + inter - 1) < 1e-9))
            {
                mix.Error("local", $"the mix shares must add up to 1, got {local} + {national} + {inter}.");
            }

            d = d with { Local = local, National = national, Intercontinental = inter };
        }

        return d;
    }

    private static Dictionary<KmeId, double> ReadPopulation(JsonObjectReader r, NetworkTopology topology, List<string> errors)
    {
        var weights = new Dictionary<KmeId, double>();
        foreach (JsonObjectReader entry in Items(r, "population", "population entry", errors, ["node", "weight"]))
        {
            if (Node(entry, "node", topology) is { } node)
            {
                double weight = NonNegative(entry, "weight", double.NaN, required: true);
                if (!weights.TryAdd(node, weight))
                {
                    entry.Error("node", $"node '{node}' is given a population weight twice.");
                }
            }
        }

        return weights;
    }

    private static Dictionary<KmeId, string> ReadRegions(JsonObjectReader r, NetworkTopology topology, List<string> errors)
    {
        var regions = new Dictionary<KmeId, string>();
        foreach (JsonObjectReader entry in Items(r, "regions", "region", errors, ["name", "nodes"]))
        {
            string name = entry.RequiredString("name") ?? "default";
            foreach (PositionedJson item in entry.Array("nodes", required: true))
            {
                if (item.Kind != PositionedJsonKind.String || !KmeId.TryCreate(item.String, out KmeId id) || !topology.ContainsNode(id))
                {
                    errors.Add($"line {item.Line}: region '{name}' names {(item.Kind == PositionedJsonKind.String ? $"unknown node '{item.String}'" : item.Describe())}.");
                }
                else if (!regions.TryAdd(id, name))
                {
                    errors.Add($"line {item.Line}: node '{id}' is in two regions ('{regions[id]}' and '{name}').");
                }
            }
        }

        return regions;
    }

    private static double ReadFailures(JsonObjectReader parent, List<string> errors, out double mttr)
    {
        mttr = SimulationScenario.Default.LinkMttrHours;
        if (Child(parent, "failures", errors, ["mtbfHours", "mttrHours"]) is not { } r)
        {
            return 0;
        }

        mttr = Positive(r, "mttrHours", mttr);
        return NonNegative(r, "mtbfHours", 0);
    }

    private static List<ScheduledEvent> ReadEvents(JsonObjectReader r, NetworkTopology topology, List<string> errors)
    {
        var events = new List<ScheduledEvent>();
        foreach (JsonObjectReader e in Items(r, "events", "event", errors, ["kind", "link", "node", "atHours", "durationHours", "interceptFraction"]))
        {
            double at = NonNegative(e, "atHours", double.NaN, required: true) * 3600;
            double duration = Positive(e, "durationHours", double.NaN, required: true) * 3600;
            string? kind = e.RequiredString("kind");
            switch (kind)
            {
                case "link-failure" or "eavesdrop":
                    if (Link(e, topology) is { } link)
                    {
                        double fraction = kind == "eavesdrop" ? Fraction(e, "interceptFraction", 1) : 0;
                        events.Add(new ScheduledEvent(kind == "eavesdrop" ? ScheduledEventKind.Eavesdrop : ScheduledEventKind.LinkFailure, link, default, at, duration, fraction));
                    }

                    break;
                case "node-outage":
                    if (Node(e, "node", topology) is { } node)
                    {
                        events.Add(new ScheduledEvent(ScheduledEventKind.NodeOutage, default, node, at, duration));
                    }

                    break;
                case null:
                    break;
                default:
                    e.Error("kind", $"event kind must be 'link-failure', 'eavesdrop' or 'node-outage', got '{kind}'.");
                    break;
            }
        }

        return events;
    }

    private static List<SatelliteOrbit> ReadSatellites(JsonObjectReader r, NetworkTopology topology, List<string> errors)
    {
        var satellites = new List<SatelliteOrbit>();
        foreach (JsonObjectReader e in Items(r, "satellites", "satellite", errors, ["node", "altitudeKm", "inclinationDegrees", "raanDegrees",
            "phaseDegrees", "minElevationDegrees", "referenceLossDb", "referenceRangeKm", "zenithAtmosphereDb"]))
        {
            if (Node(e, "node", topology) is not { } node)
            {
                continue;
            }

            double altitude = Positive(e, "altitudeKm", 500);
            // Without its own figures, the Micius downlink: 22 dB at 645 km and 35 dB at 1,200 km (Liao et al., Nature 549, 43 (2017)).
            Result<SatelliteDownlink> downlink = e.Has("referenceLossDb") || e.Has("referenceRangeKm") || e.Has("zenithAtmosphereDb")
                ? SatelliteDownlink.Create(altitude, Positive(e, "referenceRangeKm", 645), NonNegative(e, "referenceLossDb", 22), NonNegative(e, "zenithAtmosphereDb", 0))
                : SatelliteDownlink.Fit(altitude, (645, 22), (1200, 35));
            if (!downlink.IsSuccess)
            {
                e.Error("altitudeKm", $"satellite '{node}': {downlink.Error}");
                continue;
            }

            var orbit = new SatelliteOrbit(node, altitude,
                Bounded(e, "inclinationDegrees", 0, 180, 97.4),
                Bounded(e, "raanDegrees", -360, 360, 0),
                Bounded(e, "phaseDegrees", -360, 360, 0),
                Bounded(e, "minElevationDegrees", 1, 89, 15),
                downlink.Value);
            if (satellites.Exists(x => x.Node == node))
            {
                e.Error("node", $"node '{node}' is given two orbits.");
            }

            foreach (TopologyLink link in topology.LinksOf(node))
            {
                if (link.Physics.Kind != ChannelKind.FreeSpace)
                {
                    e.Error("node", $"satellite '{node}' has fibre link '{link.Id}'; a satellite's links must be free-space (freeSpaceLossDb).");
                }
                else if (topology.TryGetNode(link.OtherEnd(node), out TopologyNode ground) && ground.Position is null)
                {
                    e.Error("node", $"ground station '{ground.Id}' of satellite link '{link.Id}' needs latitude and longitude for the pass geometry.");
                }
            }

            satellites.Add(orbit);
        }

        return satellites;
    }

    private static JsonObjectReader? Child(JsonObjectReader parent, string field, List<string> errors, string[] fields)
    {
        if (!parent.Has(field))
        {
            return null;
        }

        return parent.Object(field) is { } value ? JsonObjectReader.Open(value, $"'{field}'", errors, fields) : null;
    }

    private static IEnumerable<JsonObjectReader> Items(JsonObjectReader parent, string field, string what, List<string> errors, string[] fields)
    {
        IReadOnlyList<PositionedJson> items = parent.Array(field, required: false);
        for (int i = 0; i < items.Count; i++)
        {
            if (JsonObjectReader.Open(items[i], $"{what} #{i + 1}", errors, fields) is { } reader)
            {
                yield return reader;
            }
        }
    }

    private static KmeId? Node(JsonObjectReader r, string field, NetworkTopology topology)
    {
        string? text = r.RequiredString(field);
        if (text is null)
        {
            return null;
        }

        if (!KmeId.TryCreate(text, out KmeId id) || !topology.ContainsNode(id))
        {
            r.Error(field, $"unknown node '{text}'.");
            return null;
        }

        return id;
    }

    private static LinkId? Link(JsonObjectReader r, NetworkTopology topology)
    {
        string? text = r.RequiredString("link");
        if (text is null)
        {
            return null;
        }

        if (!LinkId.TryCreate(text, out LinkId id) || !topology.TryGetLink(id, out _))
        {
            r.Error("link", $"unknown link '{text}'.");
            return null;
        }

        return id;
    }

    private static double Positive(JsonObjectReader r, string field, double fallback, bool whole = false, bool required = false) =>
        Check(r, field, fallback, required, v => v > 0 && (!whole || v == Math.Floor(v)), whole ? "a positive whole number" : "a positive number");

    private static double NonNegative(JsonObjectReader r, string field, double fallback, bool required = false) =>
        Check(r, field, fallback, required, v => v >= 0, "a number >= 0");

    private static double Fraction(JsonObjectReader r, string field, double fallback) =>
        Check(r, field, fallback, false, v => v is >= 0 and <= 1, "a number from 0 to 1");

    private static double Bounded(JsonObjectReader r, string field, double lo, double hi, double fallback) =>
        Check(r, field, fallback, false, v => v >= lo && v <= hi, $"a number from {lo} to {hi}");

    private static double Check(JsonObjectReader r, string field, double fallback, bool required, Func<double, bool> ok, string what)
    {
        double v = r.Number(field, fallback, required);
        if (double.IsNaN(v))
        {
            return v; // missing or not a number: recorded already
        }

        if (!(ok(v) && v < 1e15))
        {
            r.Error(field, $"'{field}' must be {what}, got {v}.");
            return double.NaN;
        }

        return v;
    }

    private static T Bad<T>(JsonObjectReader r, string field, string message, T fallback)
    {
        r.Error(field, message);
        return fallback;
    }
}
