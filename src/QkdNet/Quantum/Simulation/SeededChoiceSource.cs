namespace QkdNet.Quantum.Simulation;

/// <summary>Reproducible choices for research runs; never key-grade.</summary>
public sealed class SeededChoiceSource(ulong seed) : ChoiceSource
{
    private readonly SimulationRandom _random = new(seed ^ 0x5EED_C401CE5UL);

    /// <inheritdoc />
    public override bool IsKeyGrade => false;

    /// <inheritdoc />
    public override ulong NextWord() => _random.NextUInt64();
}
