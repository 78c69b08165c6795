namespace QkdNet.Quantum.Physics;

/// <summary>
/// The loss of a downlink from a satellite in a circular orbit of <see cref="AltitudeKm"/> km to a
/// ground station, as a function of slant range. The loss is the loss at a reference range plus two
/// terms that change along a pass: diffraction, 20 log10(d / d0) dB, because a far-field beam spot
/// grows in area as d^2 (Bourgoin et al., New J. Phys. 15, 023006 (2013), Eq. 1); and the
/// atmosphere, A / sin(elevation) dB for a zenith loss A, from the air mass of a plane-parallel
/// atmosphere (Beer-Lambert law; Bourgoin et al. 2013, Sec. 2.3).
/// </summary>
public sealed record SatelliteDownlink
{
    /// <summary>Mean Earth radius R in km (IUGG).</summary>
    public const double EarthRadiusKm = 6371.0;

    private SatelliteDownlink(double altitudeKm, double referenceRangeKm, double referenceLossDb, double zenithAtmosphereLossDb)
    {
        AltitudeKm = altitudeKm;
        ReferenceRangeKm = referenceRangeKm;
        ReferenceLossDb = referenceLossDb;
        ZenithAtmosphereLossDb = zenithAtmosphereLossDb;
    }

    /// <summary>Orbit altitude h above the mean Earth radius, in km.</summary>
    public double AltitudeKm { get; }

    /// <summary>Slant range d0 at which the loss is <see cref="ReferenceLossDb"/>, in km.</summary>
    public double ReferenceRangeKm { get; }

    /// <summary>Channel loss at <see cref="ReferenceRangeKm"/>, in dB.</summary>
    public double ReferenceLossDb { get; }

    /// <summary>A: the part of the loss that scales with air mass, at zenith, in dB.</summary>
    public double ZenithAtmosphereLossDb { get; }

    /// <summary>The longest slant range at which the satellite is above the horizon, sqrt((R+h)^2 - R^2), in km.</summary>
    public double HorizonRangeKm => Math.Sqrt((OrbitRadiusKm * OrbitRadiusKm) - (EarthRadiusKm * EarthRadiusKm));

    private double OrbitRadiusKm => EarthRadiusKm + AltitudeKm;

    /// <summary>Validates and creates a downlink model.</summary>
    public static Result<SatelliteDownlink> Create(double altitudeKm, double referenceRangeKm, double referenceLossDb, double zenithAtmosphereLossDb)
    {
        if (!(altitudeKm > 0 && altitudeKm < 100_000))
        {
            return Result<SatelliteDownlink>.Fail($"orbit altitude must be in (0, 100000) km, got {altitudeKm}.");
        }

        var shape = new SatelliteDownlink(altitudeKm, altitudeKm, 0, 0);
        if (!(referenceRangeKm >= altitudeKm && referenceRangeKm < shape.HorizonRangeKm))
        {
            return Result<SatelliteDownlink>.Fail($"reference range must be between the altitude {altitudeKm} km and the horizon range {shape.HorizonRangeKm:0} km, got {referenceRangeKm}.");
        }

        if (!(referenceLossDb >= 0 && double.IsFinite(referenceLossDb)) || !(zenithAtmosphereLossDb >= 0 && double.IsFinite(zenithAtmosphereLossDb)))
        {
            return Result<SatelliteDownlink>.Fail("losses must be non-negative numbers of dB.");
        }

        return new SatelliteDownlink(altitudeKm, referenceRangeKm, referenceLossDb, zenithAtmosphereLossDb);
    }

    /// <summary>
    /// The model through two measured (range, loss) points: the reference is the first, and the
    /// zenith atmospheric loss A is what the second needs beyond the diffraction term. Fails when
    /// the points need a negative A (loss growing slower than diffraction alone).
    /// </summary>
    public static Result<SatelliteDownlink> Fit(double altitudeKm, (double RangeKm, double LossDb) near, (double RangeKm, double LossDb) far)
    {
        var shape = Create(altitudeKm, near.RangeKm, near.LossDb, 0);
        if (!shape.IsSuccess)
        {
            return shape;
        }

        if (!(far.RangeKm > near.RangeKm && far.RangeKm < shape.Value.HorizonRangeKm))
        {
            return Result<SatelliteDownlink>.Fail($"the far point must lie between {near.RangeKm} km and the horizon, got {far.RangeKm} km.");
        }

        double airMassChange = (1 / shape.Value.SineElevation(far.RangeKm)) - (1 / shape.Value.SineElevation(near.RangeKm));
        double zenith = (far.LossDb - near.LossDb - Diffraction(far.RangeKm, near.RangeKm)) / airMassChange;
        if (zenith < -1e-9)
        {
            return Result<SatelliteDownlink>.Fail(
                $"the loss grows by {far.LossDb - near.LossDb:0.##} dB from {near.RangeKm} to {far.RangeKm} km, less than diffraction alone ({Diffraction(far.RangeKm, near.RangeKm):0.##} dB).");
        }

        return Create(altitudeKm, near.RangeKm, near.LossDb, Math.Max(0, zenith));
    }

    /// <summary>
    /// sin(elevation) of a satellite at slant range d: (r^2 - R^2 - d^2) / (2 R d) with r = R + h
    /// (law of cosines in the Earth-centre, station, satellite triangle).
    /// </summary>
    public double SineElevation(double rangeKm) =>
        ((OrbitRadiusKm * OrbitRadiusKm) - (EarthRadiusKm * EarthRadiusKm) - (rangeKm * rangeKm)) / (2 * EarthRadiusKm * rangeKm);

    /// <summary>Elevation in degrees at slant range <paramref name="rangeKm"/>.</summary>
    public double ElevationDegrees(double rangeKm) => Math.Asin(Math.Clamp(SineElevation(rangeKm), -1, 1)) * 180 / Math.PI;

    /// <summary>
    /// Channel loss in dB at slant range d (between the altitude and the horizon):
    /// L0 + 20 log10(d / d0) + A (1 / sin el(d) - 1 / sin el(d0)).
    /// </summary>
    public Result<double> LossDb(double rangeKm)
    {
        if (!(rangeKm >= AltitudeKm && rangeKm < HorizonRangeKm))
        {
            return Result<double>.Fail($"slant range must be between the orbit altitude {AltitudeKm} km and the horizon range {HorizonRangeKm:0} km, got {rangeKm}.");
        }

        double loss = ReferenceLossDb + Diffraction(rangeKm, ReferenceRangeKm)
            + (ZenithAtmosphereLossDb * ((1 / SineElevation(rangeKm)) - (1 / SineElevation(ReferenceRangeKm))));
        return Math.Max(0, loss);
    }

    private static double Diffraction(double rangeKm, double referenceKm) => 20 * Math.Log10(rangeKm / referenceKm);
}
