namespace QkdNet.Quantum.Physics;

/// <summary>A lossy channel between Alice's source and Bob's receiver.</summary>
public interface IQuantumChannel
{
    /// <summary>Channel transmittance (linear, 0..1) at <paramref name="elapsed"/> since the link started.</summary>
    double Transmittance(TimeSpan elapsed);

    /// <summary>A one-line description with units, for reports.</summary>
    string Describe();
}
