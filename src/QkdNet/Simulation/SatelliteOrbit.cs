using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.Quantum.Physics;

namespace QkdNet.Simulation;

/// <summary>
/// A satellite that is a trusted node of the network, on a circular orbit; its links to ground stations carry
/// key only while it is above the station's minimum elevation, with a loss from the geometry of the moment.
/// </summary>
/// <param name="Node">The topology node that stands for the satellite.</param>
/// <param name="AltitudeKm">Orbit altitude above the mean Earth radius, in km (Micius: about 500).</param>
/// <param name="InclinationDegrees">Orbit inclination in degrees (Micius: 97.4, Sun-synchronous).</param>
/// <param name="RaanDegrees">Right ascension of the ascending node at time 0, in degrees.</param>
/// <param name="PhaseDegrees">Argument of latitude at time 0, in degrees.</param>
/// <param name="MinElevationDegrees">Elevation in degrees below which a station makes no key.</param>
/// <param name="Downlink">Loss against slant range (diffraction and air mass; <see cref="SatelliteDownlink"/>).</param>
public sealed record SatelliteOrbit(KmeId Node, double AltitudeKm, double InclinationDegrees, double RaanDegrees, double PhaseDegrees,
    double MinElevationDegrees, SatelliteDownlink Downlink)
{
    /// <summary>Mean Earth radius in km (IUGG).</summary>
    public const double EarthRadiusKm = 6371.0;

    /// <summary>Earth's gravitational parameter GM in km^3/s^2 (WGS 84).</summary>
    public const double EarthMuKm3PerS2 = 398600.4418;

    /// <summary>Earth's rotation rate in rad/s (sidereal day, WGS 84).</summary>
    public const double EarthRotationRadPerS = 7.2921150e-5;

    /// <summary>Orbital period in seconds: 2 pi sqrt(a^3 / GM) (Kepler's third law).</summary>
    public double PeriodSeconds => 2 * Math.PI * Math.Sqrt(Math.Pow(EarthRadiusKm + AltitudeKm, 3) / EarthMuKm3PerS2);

    /// <summary>
    /// Elevation (degrees) and slant range (km) of the satellite seen from <paramref name="station"/> at
    /// <paramref name="seconds"/> of simulated time: circular orbit in the inertial frame, the station rotating with
    /// the Earth (spherical Earth; Vallado, "Fundamentals of Astrodynamics", 4th ed., Sec. 2.2 and 4.4).
    /// </summary>
    public (double ElevationDegrees, double RangeKm) Look(GeoPosition station, double seconds)
    {
        double a = EarthRadiusKm + AltitudeKm;
        double u = Radians(PhaseDegrees) + (2 * Math.PI * seconds / PeriodSeconds); // argument of latitude
        double raan = Radians(RaanDegrees);
        double inc = Radians(InclinationDegrees);
        // Perifocal -> inertial for a circular orbit: r = a (cos u cos O - sin u cos i sin O, cos u sin O + sin u cos i cos O, sin u sin i)
        double sx = a * ((Math.Cos(u) * Math.Cos(raan)) - (Math.Sin(u) * Math.Cos(inc) * Math.Sin(raan)));
        double sy = a * ((Math.Cos(u) * Math.Sin(raan)) + (Math.Sin(u) * Math.Cos(inc) * Math.Cos(raan)));
        double sz = a * Math.Sin(u) * Math.Sin(inc);
        double lat = Radians(station.LatitudeDegrees);
        double lon = Radians(station.LongitudeDegrees) + (EarthRotationRadPerS * seconds); // the station's inertial longitude
        double gx = EarthRadiusKm * Math.Cos(lat) * Math.Cos(lon);
        double gy = EarthRadiusKm * Math.Cos(lat) * Math.Sin(lon);
        double gz = EarthRadiusKm * Math.Sin(lat);
        double dx = sx - gx, dy = sy - gy, dz = sz - gz;
        double range = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        // Elevation: angle between the line of sight and the local horizontal, sin(el) = (d . up) / |d|.
        double up = ((dx * gx) + (dy * gy) + (dz * gz)) / EarthRadiusKm;
        return (Degrees(Math.Asin(Math.Clamp(up / range, -1, 1))), range);
    }

    /// <summary>Downlink loss in dB at <paramref name="rangeKm"/> (<see cref="SatelliteDownlink.LossDb"/>); infinite below the horizon.</summary>
    public double LossDb(double rangeKm) => Downlink.LossDb(rangeKm) is { IsSuccess: true } loss ? loss.Value : double.PositiveInfinity;

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static double Degrees(double radians) => radians * 180 / Math.PI;
}
