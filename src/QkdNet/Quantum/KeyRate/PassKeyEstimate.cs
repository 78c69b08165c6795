namespace QkdNet.Quantum.KeyRate;

/// <summary>The secret key of one satellite pass treated as one finite-key block.</summary>
/// <param name="Duration">Length of the pass.</param>
/// <param name="SiftedBits">Expected detections with matching bases over the pass, all intensities.</param>
/// <param name="Qber">Expected QBER of the sifted bits.</param>
/// <param name="SecretKeyBits">Secret key of the pass, both bases together (bits).</param>
/// <param name="PhaseError">Upper bound on the single-photon phase error of the key-basis block.</param>
public sealed record PassKeyEstimate(TimeSpan Duration, double SiftedBits, double Qber, double SecretKeyBits, double PhaseError)
{
    /// <summary>The mean secret key rate over the pass, in bit/s.</summary>
    public double MeanSecretKeyRateBps => SecretKeyBits / Duration.TotalSeconds;
}
