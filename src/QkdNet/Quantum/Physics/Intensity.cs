namespace QkdNet.Quantum.Physics;

/// <summary>The three intensities of vacuum + weak decoy-state BB84.</summary>
public enum Intensity : byte
{
    /// <summary>The signal state, mean photon number mu.</summary>
    Signal = 0,

    /// <summary>The weak decoy, mean photon number nu1.</summary>
    Decoy = 1,

    /// <summary>The vacuum (or near-vacuum) decoy.</summary>
    Vacuum = 2,
}
