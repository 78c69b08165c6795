namespace QkdNet.Quantum;

/// <summary>
/// Where the bits of a key block come from. Only <see cref="Quantum"/> key is protected by physics; the other
/// origins exist for development and testing, and a node serves them only when it is marked for development.
/// </summary>
public enum KeyOrigin
{
    // the zero value is the least trusted origin, so a block whose origin was never set is refused, never served
    /// <summary>Uniform random bytes handed to both ends with no QKD behind them at all (a load-test stand-in).</summary>
    Synthetic = 0,

    /// <summary>The decoy-state BB84 simulation made it: its secret choices were random, but no photon crossed a fibre, and the peer's copy travelled over the classical network.</summary>
    Simulated = 1,

    /// <summary>A QKD device measured photons: the key's secrecy rests on the protocol's security proof.</summary>
    Quantum = 2,
}
