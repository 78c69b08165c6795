using QkdNet.Control.Topology;

namespace QkdNet.Simulation;

/// <summary>A validated network and the scenario to run on it.</summary>
/// <param name="Topology">The network.</param>
/// <param name="Scenario">Users, demand, faults, satellites.</param>
public sealed record SimulationInput(NetworkTopology Topology, SimulationScenario Scenario);
