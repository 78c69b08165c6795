namespace QkdNet.Quantum.KeyRate;

/// <summary>
/// Detection counts of one finite-key block, per intensity (signal, decoy, vacuum, in that order):
/// the inputs n_{X,k}, n_{Z,k}, m_{Z,k} and m_X of Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014).
/// Counts may be expected values (non-integer) or observed ones.
/// </summary>
/// <param name="KeyBasisDetections">n_{X,k}: detections in the key (X) basis for each intensity.</param>
/// <param name="TestBasisDetections">n_{Z,k}: detections in the test (Z) basis for each intensity.</param>
/// <param name="TestBasisErrors">m_{Z,k}: errors among the Z-basis detections for each intensity.</param>
/// <param name="KeyBasisErrors">m_X: errors among all X-basis detections (what error correction must fix).</param>
public sealed record BasisCounts(
    IReadOnlyList<double> KeyBasisDetections, IReadOnlyList<double> TestBasisDetections,
    IReadOnlyList<double> TestBasisErrors, double KeyBasisErrors);
