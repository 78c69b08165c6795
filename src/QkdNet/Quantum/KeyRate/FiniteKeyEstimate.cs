namespace QkdNet.Quantum.KeyRate;

/// <summary>The finite-key outcome for one block.</summary>
/// <param name="BlockBits">n_X: X-basis detections in the block.</param>
/// <param name="Pulses">N: pulses emitted to collect the block.</param>
/// <param name="Qber">Observed X-basis QBER.</param>
/// <param name="VacuumEvents">Lower bound on X-basis vacuum events s_X0.</param>
/// <param name="SinglePhotonEvents">Lower bound on X-basis single-photon events s_X1.</param>
/// <param name="PhaseError">Upper bound on the single-photon phase error rate phi_X.</param>
/// <param name="ErrorCorrectionLeak">lambda_EC: bits disclosed by error correction.</param>
/// <param name="SecretKeyBits">l: the secret key length of the block (bits).</param>
/// <param name="SecretKeyRatePerPulse">l / N.</param>
/// <param name="SecretKeyRateBps">l / N times the repetition rate.</param>
public sealed record FiniteKeyEstimate(
    double BlockBits, double Pulses, double Qber, double VacuumEvents, double SinglePhotonEvents,
    double PhaseError, double ErrorCorrectionLeak, double SecretKeyBits, double SecretKeyRatePerPulse, double SecretKeyRateBps);
