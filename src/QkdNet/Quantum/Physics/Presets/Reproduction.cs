namespace QkdNet.Quantum.Physics.Presets;

/// <summary>A reported figure next to the model's value for the same conditions.</summary>
/// <param name="Reported">The paper's figure.</param>
/// <param name="Model">The model's value, in the same unit.</param>
/// <param name="Method">The key-rate model that produced <paramref name="Model"/>.</param>
public sealed record Reproduction(ReportedResult Reported, double Model, string Method)
{
    /// <summary>(model - reported) / reported.</summary>
    public double RelativeError => (Model - Reported.Value) / Reported.Value;
}
