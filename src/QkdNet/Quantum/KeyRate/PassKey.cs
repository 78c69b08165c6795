using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.KeyRate;

/// <summary>
/// The key of a satellite pass: the expected counts of each intensity and basis are summed over the
/// pass (the loss changes with time), and the whole pass is one finite-key block bounded with
/// Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014) (<see cref="FiniteKeyBound.FromCounts"/>).
/// Both bases make key, each with its phase error estimated from the other basis, as in a
/// symmetric BB84 post-processing; with p_X = 1/2 the two halves are equal.
/// </summary>
public static class PassKey
{
    /// <summary>The most integration steps one pass may take (a bound on the work, not an accuracy limit).</summary>
    public const int MaxSteps = 1_000_000;

    /// <summary>The key of one pass of <paramref name="pass"/> with the source, detector and post-processing of <paramref name="device"/>.</summary>
    /// <param name="device">Source, detector, misalignment and error-correction efficiency (its channel is ignored).</param>
    /// <param name="pass">The pass geometry and loss.</param>
    /// <param name="parameters">Security parameters and p_X; the block size is not used (the pass is the block).</param>
    /// <param name="step">Integration step; the loss is taken at the middle of each step.</param>
    public static Result<PassKeyEstimate> Compute(QkdLink device, SatellitePass pass, FiniteKeyParameters parameters, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(step > TimeSpan.Zero && pass.Duration / step <= MaxSteps))
        {
            return Result<PassKeyEstimate>.Fail($"the integration step must be positive and give at most {MaxSteps} steps over the pass, got {step}.");
        }

        QkdLink link = device with { Channel = pass.Channel(step) };
        double pX = parameters.KeyBasisProbability, pZ = 1 - pX;
        Intensity[] intensities = [Intensity.Signal, Intensity.Decoy, Intensity.Vacuum];
        double[] x = new double[3], z = new double[3], errX = new double[3], errZ = new double[3];
        double pulses = 0;
        for (TimeSpan t = TimeSpan.Zero; t < pass.Duration; t += step)
        {
            TimeSpan width = t + step <= pass.Duration ? step : pass.Duration - t;
            double slotPulses = link.Source.RepetitionRateHz * width.TotalSeconds;
            pulses += slotPulses;
            for (int k = 0; k < 3; k++)
            {
                IntensityStatistics s = LinkStatistics.ForIntensity(link, intensities[k], t + (width / 2));
                double detections = slotPulses * link.Source.Probability(intensities[k]) * s.Gain;
                x[k] += detections * pX * pX;
                z[k] += detections * pZ * pZ;
                errX[k] += detections * pX * pX * s.Qber;
                errZ[k] += detections * pZ * pZ * s.Qber;
            }
        }

        var keyX = FiniteKeyBound.FromCounts(link.Source, new BasisCounts(x, z, errZ, errX.Sum()), pulses, link.ErrorCorrectionEfficiency, parameters);
        if (!keyX.IsSuccess)
        {
            return Result<PassKeyEstimate>.Fail(keyX.Error!);
        }

        var keyZ = FiniteKeyBound.FromCounts(link.Source, new BasisCounts(z, x, errX, errZ.Sum()), pulses, link.ErrorCorrectionEfficiency, parameters);
        double sifted = x.Sum() + z.Sum();
        double qber = (errX.Sum() + errZ.Sum()) / sifted;
        return new PassKeyEstimate(pass.Duration, sifted, qber, keyX.Value.SecretKeyBits + keyZ.Value.SecretKeyBits, keyX.Value.PhaseError);
    }
}
