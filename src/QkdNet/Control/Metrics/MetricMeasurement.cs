using System.Diagnostics.Metrics;

namespace QkdNet.Control.Metrics;

/// <summary>Measurements for observable instruments, with labels given as (name, value) pairs in the order they are exported.</summary>
public static class MetricMeasurement
{
    /// <summary>One measurement of <paramref name="value"/> labelled with <paramref name="labels"/>.</summary>
    public static Measurement<double> Of(double value, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var tags = new KeyValuePair<string, object?>[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            tags[i] = new(labels[i].Name, labels[i].Value);
        }

        return new Measurement<double>(value, tags);
    }
}
