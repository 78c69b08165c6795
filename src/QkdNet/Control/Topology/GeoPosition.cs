namespace QkdNet.Control.Topology;

/// <summary>A point on the Earth in WGS 84 degrees, for maps and distance estimates only.</summary>
/// <param name="LatitudeDegrees">Latitude in degrees, -90 to 90 (north positive).</param>
/// <param name="LongitudeDegrees">Longitude in degrees, -180 to 180 (east positive).</param>
public readonly record struct GeoPosition(double LatitudeDegrees, double LongitudeDegrees)
{
    /// <summary>Validates the ranges; a failure names the bad coordinate.</summary>
    public static Result<GeoPosition> Create(double latitudeDegrees, double longitudeDegrees)
    {
        if (!(latitudeDegrees >= -90 && latitudeDegrees <= 90))
        {
            return Result<GeoPosition>.Fail($"latitude must be between -90 and 90 degrees, got {latitudeDegrees}.");
        }

        if (!(longitudeDegrees >= -180 && longitudeDegrees <= 180))
        {
            return Result<GeoPosition>.Fail($"longitude must be between -180 and 180 degrees, got {longitudeDegrees}.");
        }

        return new GeoPosition(latitudeDegrees, longitudeDegrees);
    }
}
