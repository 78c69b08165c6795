namespace QkdNet.Control.Metrics;

/// <summary>One sample of a metric family: its labels and value.</summary>
/// <param name="Value">The value (any double; NaN and infinities are written as the format requires).</param>
/// <param name="Labels">Label names and values, written in this order.</param>
public sealed record MetricSample(double Value, IReadOnlyList<KeyValuePair<string, string>> Labels)
{
    /// <summary>A sample with labels given as (name, value) pairs.</summary>
    public static MetricSample Of(double value, params (string Name, string Value)[] labels) =>
        new(value, [.. labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value))]);
}
