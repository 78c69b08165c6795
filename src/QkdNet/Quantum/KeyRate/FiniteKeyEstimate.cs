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
/// <param name="SinglePhotonYield">
/// Lower bound on Y1, the detection probability of a single-photon pulse: s_X1 / (N p_X^2 tau_1). It is comparable
/// with the asymptotic models' Y1; s_X1 / N is not (it also counts the basis choices and how often a pulse holds one photon).
/// </param>
public sealed record FiniteKeyEstimate(
    double BlockBits, double Pulses, double Qber, double VacuumEvents, double SinglePhotonEvents,
    double PhaseError, double ErrorCorrectionLeak, double SecretKeyBits, double SecretKeyRatePerPulse, double SecretKeyRateBps,
    double SinglePhotonYield);
