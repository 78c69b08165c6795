namespace QkdNet.Quantum.KeyRate;

/// <summary>
/// The outcome of a key-rate model at one operating point. Gains and rates are per emitted pulse;
/// <see cref="SecretKeyRateBps"/> multiplies by the repetition rate.
/// </summary>
public sealed record KeyRateEstimate
{
    /// <summary>The model that produced the estimate.</summary>
    public required DecoyMethod Method { get; init; }

    /// <summary>Overall transmittance eta (channel times Bob), linear.</summary>
    public required double Transmittance { get; init; }

    /// <summary>Q_mu: signal gain (clicks per signal pulse).</summary>
    public required double Gain { get; init; }

    /// <summary>E_mu: QBER of the signal state.</summary>
    public required double Qber { get; init; }

    /// <summary>Y1: single-photon yield (exact for infinite decoys, a lower bound otherwise).</summary>
    public required double SinglePhotonYield { get; init; }

    /// <summary>e1: single-photon error rate (exact for infinite decoys, an upper bound otherwise).</summary>
    public required double SinglePhotonError { get; init; }

    /// <summary>Q1 = Y1 mu exp(-mu): gain of single-photon signal pulses (bound where Y1 is).</summary>
    public required double SinglePhotonGain { get; init; }

    /// <summary>Secret key bits per emitted pulse (0 when no key can be made).</summary>
    public required double SecretKeyRatePerPulse { get; init; }

    /// <summary>Secret key bits per second at the source's repetition rate.</summary>
    public required double SecretKeyRateBps { get; init; }
}
