namespace QkdNet.Quantum.Physics;

/// <summary>
/// A free-space or satellite channel whose loss (dB) is fixed or follows a profile in time (a
/// satellite pass), linearly interpolated between points and held constant outside them.
/// </summary>
public sealed class FreeSpaceChannel : IQuantumChannel
{
    private readonly (TimeSpan At, double LossDb)[] _profile;

    private FreeSpaceChannel((TimeSpan, double)[] profile) => _profile = profile;

    /// <summary>A channel with a constant loss in dB.</summary>
    public static Result<FreeSpaceChannel> Fixed(double lossDb) => Profile([(TimeSpan.Zero, lossDb)]);

    /// <summary>A channel whose loss follows (time, dB) points given in increasing time order.</summary>
    public static Result<FreeSpaceChannel> Profile(IReadOnlyList<(TimeSpan At, double LossDb)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return Result<FreeSpaceChannel>.Fail("a loss profile needs at least one point.");
        }

        for (int i = 0; i < points.Count; i++)
        {
            if (!(points[i].LossDb >= 0 && double.IsFinite(points[i].LossDb)))
            {
                return Result<FreeSpaceChannel>.Fail($"loss must be a non-negative number of dB, got {points[i].LossDb} at point {i}.");
            }

            if (i > 0 && points[i].At <= points[i - 1].At)
            {
                return Result<FreeSpaceChannel>.Fail($"loss profile times must increase; point {i} does not.");
            }
        }

        return new FreeSpaceChannel([.. points]);
    }

    /// <summary>Loss in dB at <paramref name="elapsed"/>.</summary>
    public double LossDb(TimeSpan elapsed)
    {
        if (elapsed <= _profile[0].At)
        {
            return _profile[0].LossDb;
        }

        for (int i = 1; i < _profile.Length; i++)
        {
            if (elapsed <= _profile[i].At)
            {
                var (t0, l0) = _profile[i - 1];
                var (t1, l1) = _profile[i];
                double w = (elapsed - t0) / (t1 - t0);
                return l0 + (w * (l1 - l0));
            }
        }

        return _profile[^1].LossDb;
    }

    /// <inheritdoc />
    public double Transmittance(TimeSpan elapsed) => Decibels.ToTransmittance(LossDb(elapsed));

    /// <inheritdoc />
    public string Describe() => _profile.Length == 1
        ? $"free space, {_profile[0].LossDb:0.##} dB"
        : $"free space, {_profile.Length}-point loss profile over {(_profile[^1].At - _profile[0].At).TotalSeconds} s";
}
