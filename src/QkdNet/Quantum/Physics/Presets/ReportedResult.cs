namespace QkdNet.Quantum.Physics.Presets;

/// <summary>One result a paper reported for its system.</summary>
/// <param name="Quantity">What <paramref name="Value"/> measures.</param>
/// <param name="DistanceKm">Fibre length or slant range in km (for a pass: its longest range).</param>
/// <param name="Value">The reported figure (bit/s or bits).</param>
/// <param name="Where">Where in the paper, and under which conditions.</param>
public sealed record ReportedResult(ReportedQuantity Quantity, double DistanceKm, double Value, string Where);
