namespace QkdNet.Control.Health;

/// <summary>How urgent an alarm is.</summary>
public enum AlarmSeverity
{
    /// <summary>Needs a look; traffic still flows.</summary>
    Warning = 0,

    /// <summary>Traffic was taken off the link.</summary>
    Critical = 1,
}
