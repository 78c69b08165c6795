using QkdNet.Control.Topology;
using QkdNet.Simulation;
using static QkdNet.Tests.Simulation.SimulationFixtures;

namespace QkdNet.Tests.Simulation;

public sealed class WanSimulationTests
{
    [Fact]
    public void Chain_EveryKeyCrossesThreeHopsAndTwoTrustedNodes_AndEachLinkSpendsOneKeyOfPadPerKey()
    {
        SimulationReport r = Run(Chain);

        Assert.True(r.KeysDelivered > 100, $"only {r.KeysDelivered} keys");
        Assert.Equal(0, r.Blocked);
        Assert.Equal(3.0, r.MeanHops);
        Assert.Equal(2.0, r.MeanTrustedNodes);
        Assert.Equal(r.KeysDelivered, r.HopHistogram[3]);
        foreach (string link in new[] { "ab", "bc", "cd" })
        {
            Assert.Equal(r.KeysDelivered * 256.0, Link(r, link).ConsumedBits);
            Assert.Equal(r.KeysDelivered, Link(r, link).Relays);
        }

        // Both users of a request get the key: the per-user totals add up to twice the keys.
        Assert.Equal(2 * r.KeysDelivered * 256, r.PerUserBits.Sum());
    }

    [Fact]
    public void Ring_WithoutFailure_RelaysOverTheDirectLinkOnly()
    {
        SimulationReport r = Run(Ring());

        Assert.Equal(0, r.Blocked);
        Assert.Equal(r.KeysDelivered * 256.0, Link(r, "ab").ConsumedBits);
        Assert.Equal(0, Link(r, "cd").ConsumedBits);
    }

    [Fact]
    public void Ring_WhenTheDirectLinkFails_ReroutesTheOtherWayRoundAndBlocksNothing()
    {
        SimulationReport r = Run(Ring("""
              events: [ { kind: link-failure, link: ab, atHours: 2, durationHours: 2 } ]
            """));

        Assert.Equal(0, r.Blocked);
        long rerouted = r.HopHistogram[3];
        Assert.True(rerouted > 50, $"only {rerouted} keys rerouted");
        Assert.Equal(r.KeysDelivered, r.HopHistogram[1] + rerouted);
        Assert.Equal(rerouted * 256.0, Link(r, "cd").ConsumedBits);
        Assert.Equal(r.HopHistogram[1] * 256.0, Link(r, "ab").ConsumedBits);
        Assert.Equal(7200, Link(r, "ab").DownSeconds, precision: 6);
        // About a third of the 6 h lies in the failure: the rerouted share is near 1/3.
        Assert.InRange((double)rerouted / r.KeysDelivered, 0.25, 0.42);
    }

    [Fact]
    public void Ring_EavesdropperOnTheDirectLink_GetsItQuarantinedAndTrafficRerouted_UntilItRecovers()
    {
        SimulationReport r = Run(Ring("""
              events: [ { kind: eavesdrop, link: ab, atHours: 2, durationHours: 1, interceptFraction: 1 } ]
            """));

        Assert.Equal(1, r.Quarantines);
        Assert.Equal(0, r.Blocked);
        Assert.True(r.HopHistogram[3] > 0);
        // Quarantined from the first sample after the attack starts until three good samples after it ends (60 s ticks).
        Assert.InRange(Link(r, "ab").DownSeconds, 3600 + 120, 3600 + 240);
    }

    [Fact]
    public void Ring_WithTwoDisjointPaths_SplitsEachKeyOverBothAndSpendsPadOnEveryHopOfEach()
    {
        SimulationReport r = Run(Ring("""
              multipath: 2
            """));

        Assert.Equal(4.0, r.MeanHops);
        Assert.Equal(2.0, r.MeanTrustedNodes);
        foreach (string link in new[] { "ab", "bc", "cd", "da" })
        {
            Assert.Equal(r.KeysDelivered * 256.0, Link(r, link).ConsumedBits);
        }
    }

    [Fact]
    public void SingleLink_WithoutDemand_FillsItsPoolAtTheModelRateUpToCapacity()
    {
        SimulationInput input = Parse("""
            name: one link
            nodes: [ { id: a }, { id: b } ]
            links: [ { id: ab, a: a, b: b, fibreKm: 20 } ]
            simulation:
              users: 2
              hours: 6
              sampleIntervalSeconds: 1800
              pool: { capacityBits: 20000000, lowWatermarkBits: 1048576, highWatermarkBits: 4194304, initialFraction: 0 }
              demand: { requestsPerUserPerHour: 0 }
            """);
        double rate = input.Topology.Links[0].Physics.ExpectedSecretKeyRateBps();
        SimulationReport r = WanSimulation.Run(input, 1).Value;

        IReadOnlyList<double> levels = Link(r, "ab").PoolFraction;
        for (int k = 0; k < r.SampleHours.Count; k++)
        {
            double expected = Math.Min(20_000_000, rate * r.SampleHours[k] * 3600) / 20_000_000;
            Assert.Equal(expected, levels[k], 1e-6);
        }

        Assert.Contains(levels, l => l == 1); // the rate fills 20 Mbit within the 6 h: the cap is reached and held
        Assert.True(Link(r, "ab").WastedBits > 0);
    }

    [Fact]
    public void FiniteKeyRateModel_FillsThePoolMoreSlowlyThanTheAsymptoticRate()
    {
        const string yaml = """
            name: one link
            nodes: [ { id: a }, { id: b } ]
            links: [ { id: ab, a: a, b: b, fibreKm: 20 } ]
            simulation:
              users: 2
              hours: 1
              blockBits: 1000000000
              pool: { capacityBits: 1000000000, lowWatermarkBits: 1048576, highWatermarkBits: 4194304, initialFraction: 0 }
              demand: { requestsPerUserPerHour: 0 }
            """;
        double asymptotic = Link(Run(yaml), "ab").SuppliedBits;
        double finite = Link(Run(yaml.Replace("blockBits:", "rateModel: finite-key\n  blockBits:", StringComparison.Ordinal)), "ab").SuppliedBits;

        Assert.True(finite > 0, "no key at the finite-key rate");
        Assert.True(finite < asymptotic, $"finite {finite} >= asymptotic {asymptotic}");
    }

    [Fact]
    public void SingleLink_PoissonBlocksAndPoissonRequests_BlockLikeTheMM1KQueue()
    {
        // Key blocks of one key each arrive as a Poisson process (rate lambda) into a pool of K = 4 keys; requests for one
        // key arrive as a Poisson process (rate mu) and are blocked when the pool is empty. The level is the birth-death
        // chain of M/M/1/K with rho = lambda / mu; by PASTA a request finds it empty with probability
        // pi_0 = (1 - rho) / (1 - rho^(K+1)) (Kleinrock, Queueing Systems Vol. 1 (1975), Eq. 3.44 read for the pool).
        SimulationInput input = Parse("""
            name: one link
            nodes: [ { id: a }, { id: b } ]
            links: [ { id: ab, a: a, b: b, fibreKm: 20 } ]
            simulation:
              users: 2
              hours: 4
              keyArrivals: poisson-blocks
              blockBits: 256
              pool: { capacityBits: 1024, lowWatermarkBits: 256, highWatermarkBits: 512, initialFraction: 0 }
              demand: { requestsPerUserPerHour: 1, keyBits: 256 }
            """);
        double lambda = input.Topology.Links[0].Physics.ExpectedSecretKeyRateBps() / 256;
        const double rho = 0.8;
        double mu = lambda / rho;
        input = input with { Scenario = input.Scenario with { Demand = input.Scenario.Demand with { RequestsPerUserPerHour = mu * 3600 / 2 } } };

        SimulationReport r = WanSimulation.Run(input, 11).Value;

        double analytic = (1 - rho) / (1 - Math.Pow(rho, 5));
        Assert.True(r.Requests > 20_000, $"only {r.Requests} requests");
        Assert.InRange(r.BlockingProbability, analytic - 0.015, analytic + 0.015);
    }

    [Fact]
    public void SatellitePass_KeyArrivesOnlyWhileTheSatelliteIsAboveTheMinimumElevation()
    {
        SimulationInput input = Parse("""
            name: one satellite
            nodes:
              - { id: sat, name: satellite }
              - { id: xinglong, latitude: 40.396, longitude: 117.577 }
            links: [ { id: downlink, a: sat, b: xinglong, preset: gys, freeSpaceLossDb: 30 } ]
            simulation:
              users: 1
              hours: 24
              sampleIntervalSeconds: 60
              pool: { capacityBits: 100000000, lowWatermarkBits: 1048576, highWatermarkBits: 4194304, initialFraction: 0 }
              demand: { requestsPerUserPerHour: 0 }
              satellites: [ { node: sat, altitudeKm: 500, inclinationDegrees: 97.4, raanDegrees: 30, phaseDegrees: 0, minElevationDegrees: 15 } ]
            """);
        SatelliteOrbit orbit = input.Scenario.Satellites[0];
        GeoPosition station = input.Topology.Nodes[1].Position!.Value;
        SimulationReport r = WanSimulation.Run(input, 3).Value;
        LinkOutcome link = Link(r, "downlink");

        Assert.True(link.SuppliedBits > 0, "no key in 24 h");
        Assert.InRange(link.PassSeconds, 60, 6 * 3600);
        int withKey = 0;
        for (int k = 1; k < r.SampleHours.Count; k++)
        {
            double from = r.SampleHours[k - 1] * 3600, to = r.SampleHours[k] * 3600;
            // The rate is set at each 10 s geometry step and held until the next.
            bool visible = false;
            for (double t = Math.Floor(from / 10) * 10; t < to; t += 10)
            {
                visible |= orbit.Look(station, t).ElevationDegrees >= orbit.MinElevationDegrees;
            }

            bool grew = link.PoolFraction[k] > link.PoolFraction[k - 1];
            Assert.True(grew == visible || (visible && !grew), $"pool grew at {to / 3600:0.000} h with the satellite below the horizon");
            withKey += grew ? 1 : 0;
        }

        Assert.True(withKey > 0);
    }

    [Fact]
    public void SameSeed_GivesTheSameReport_AndAnotherSeedAnother()
    {
        string yaml = Ring("""
              failures: { mtbfHours: 5, mttrHours: 1 }
              events: [ { kind: node-outage, node: c, atHours: 1, durationHours: 1 } ]
            """).Replace("requestsPerUserPerHour: 20, keyBits: 256,", "requestsPerUserPerHour: 200, keyBits: 256, maxWaitSeconds: 30,", StringComparison.Ordinal)
            .Replace("initialFraction: 1", "initialFraction: 0.0001", StringComparison.Ordinal);

        string first = Serialize(Run(yaml, 42));
        string second = Serialize(Run(yaml, 42));
        string other = Serialize(Run(yaml, 43));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    private static string Serialize(SimulationReport report) => System.Text.Json.JsonSerializer.Serialize(report,
        new System.Text.Json.JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
}
