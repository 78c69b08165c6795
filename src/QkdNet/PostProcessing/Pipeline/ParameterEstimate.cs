namespace QkdNet.PostProcessing.Pipeline;

/// <summary>What parameter estimation concluded about one block; both ends compute the same.</summary>
/// <param name="SignalGain">Q_mu measured.</param>
/// <param name="DecoyGain">Q_nu measured.</param>
/// <param name="VacuumYield">Y0 measured.</param>
/// <param name="Qber">Signal QBER measured on the disclosed sample.</param>
/// <param name="QberUpper">Its upper bound.</param>
/// <param name="DecoyQber">E_nu measured.</param>
/// <param name="SinglePhotonYieldLower">Y1 lower bound.</param>
/// <param name="SinglePhotonErrorUpper">e1 upper bound.</param>
/// <param name="SinglePhotonFraction">Lower bound on the fraction of signal detections from single photons, Q1 / Q_mu.</param>
/// <param name="AbortReason">Why the block cannot give key, or null.</param>
public sealed record ParameterEstimate(
    double SignalGain, double DecoyGain, double VacuumYield, double Qber, double QberUpper, double DecoyQber,
    double SinglePhotonYieldLower, double SinglePhotonErrorUpper, double SinglePhotonFraction, string? AbortReason);
