namespace QkdNet.Quantum.Physics;

/// <summary>
/// One pass of a satellite in a circular orbit over a ground station, from the moment its slant
/// range falls to <see cref="MaximumRangeKm"/> to the moment it rises past it again, with closest
/// approach <see cref="ClosestRangeKm"/> half way. Earth rotation is ignored (a few per cent of the
/// ground-track speed for a low orbit). Time 0 is the start of the pass.
/// </summary>
public sealed record SatellitePass
{
    /// <summary>Standard gravitational parameter of the Earth, GM, in km^3/s^2 (WGS 84).</summary>
    public const double EarthGravitationalParameter = 398_600.4418;

    private SatellitePass(SatelliteDownlink downlink, double closestRangeKm, double maximumRangeKm)
    {
        Downlink = downlink;
        ClosestRangeKm = closestRangeKm;
        MaximumRangeKm = maximumRangeKm;
        double r = SatelliteDownlink.EarthRadiusKm + downlink.AltitudeKm;
        AngularRateRadPerSecond = Math.Sqrt(EarthGravitationalParameter / (r * r * r));
        _cosClosest = CosCentralAngle(closestRangeKm);
        double halfAngle = Math.Acos(Math.Clamp(CosCentralAngle(maximumRangeKm) / _cosClosest, -1, 1));
        Duration = TimeSpan.FromSeconds(2 * halfAngle / AngularRateRadPerSecond);
    }

    private readonly double _cosClosest;

    /// <summary>The downlink (orbit altitude and loss against range).</summary>
    public SatelliteDownlink Downlink { get; }

    /// <summary>Slant range at closest approach, in km.</summary>
    public double ClosestRangeKm { get; }

    /// <summary>Slant range at the start and end of the pass, in km.</summary>
    public double MaximumRangeKm { get; }

    /// <summary>Orbital angular rate sqrt(GM / r^3) of a circular orbit (Kepler's third law), in rad/s.</summary>
    public double AngularRateRadPerSecond { get; }

    /// <summary>How long the range stays at or below <see cref="MaximumRangeKm"/>.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Validates and creates a pass; the closest range must lie between the altitude and the maximum range.</summary>
    public static Result<SatellitePass> Create(SatelliteDownlink downlink, double closestRangeKm, double maximumRangeKm)
    {
        ArgumentNullException.ThrowIfNull(downlink);
        if (!(closestRangeKm >= downlink.AltitudeKm && closestRangeKm < maximumRangeKm && maximumRangeKm < downlink.HorizonRangeKm))
        {
            return Result<SatellitePass>.Fail(
                $"a pass needs altitude ({downlink.AltitudeKm} km) <= closest range < maximum range < horizon range ({downlink.HorizonRangeKm:0} km); got {closestRangeKm} and {maximumRangeKm} km.");
        }

        return new SatellitePass(downlink, closestRangeKm, maximumRangeKm);
    }

    /// <summary>
    /// Slant range at <paramref name="elapsed"/> since the start of the pass (clamped to the pass).
    /// The Earth-centre angle gamma between station and satellite obeys cos gamma = cos beta cos(omega t)
    /// (spherical law of cosines, beta the angle at closest approach, t from closest approach), and
    /// d^2 = R^2 + r^2 - 2 R r cos gamma.
    /// </summary>
    public double RangeKm(TimeSpan elapsed)
    {
        double t = Math.Clamp(elapsed.TotalSeconds, 0, Duration.TotalSeconds) - (Duration.TotalSeconds / 2);
        double cosGamma = _cosClosest * Math.Cos(AngularRateRadPerSecond * t);
        double big = SatelliteDownlink.EarthRadiusKm, r = big + Downlink.AltitudeKm;
        return Math.Sqrt((big * big) + (r * r) - (2 * big * r * cosGamma));
    }

    /// <summary>Channel loss in dB at <paramref name="elapsed"/> since the start of the pass.</summary>
    public double LossDb(TimeSpan elapsed) => Downlink.LossDb(Math.Min(RangeKm(elapsed), MaximumRangeKm)).Value;

    /// <summary>The pass as a free-space channel whose loss profile is sampled every <paramref name="step"/>.</summary>
    public FreeSpaceChannel Channel(TimeSpan step)
    {
        if (!(step > TimeSpan.Zero && Duration / step <= 1_000_000))
        {
            throw new ArgumentOutOfRangeException(nameof(step), "the sampling step must be positive and give at most 1,000,000 points.");
        }

        var points = new List<(TimeSpan, double)>();
        for (TimeSpan t = TimeSpan.Zero; t < Duration; t += step)
        {
            points.Add((t, LossDb(t)));
        }

        points.Add((Duration, LossDb(Duration)));
        return FreeSpaceChannel.Profile(points).Value;
    }

    private double CosCentralAngle(double rangeKm)
    {
        double big = SatelliteDownlink.EarthRadiusKm, r = big + Downlink.AltitudeKm;
        return ((big * big) + (r * r) - (rangeKm * rangeKm)) / (2 * big * r);
    }
}
