namespace QkdNet.Control.Metrics;

/// <summary>The Prometheus metric types this writer emits.</summary>
public enum MetricType
{
    /// <summary>A value that only goes up (name should end in <c>_total</c>).</summary>
    Counter = 0,

    /// <summary>A value that goes up and down.</summary>
    Gauge = 1,
}
