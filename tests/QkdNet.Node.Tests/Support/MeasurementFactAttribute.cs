namespace QkdNet.Node.Tests.Support;

/// <summary>
/// A measurement that loads the machine: skipped, with the reason, unless <c>QKDNET_MEASURE=1</c>, so that a run
/// without it reports the measurement as skipped rather than passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MeasurementFactAttribute : FactAttribute
{
    public const string Variable = "QKDNET_MEASURE";

    public MeasurementFactAttribute()
    {
        if (!Enabled)
        {
            Skip = "A measurement, opt-in: set QKDNET_MEASURE=1 to run it (it loads the machine).";
        }
    }

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";
}
