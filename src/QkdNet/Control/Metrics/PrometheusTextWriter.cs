using System.Globalization;
using System.Text;

namespace QkdNet.Control.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/): per family a <c># HELP</c> and a
/// <c># TYPE</c> line, then one line per sample, <c>name{label="value",...} value</c>. HELP text escapes
/// backslash and newline; label values also escape the double quote. Names are checked against the
/// data model (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; labels <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, <c>__</c> reserved);
/// a bad name or a family written twice is a programming error and throws. Not thread-safe.
/// </summary>
public sealed class PrometheusTextWriter
{
    /// <summary>The Content-Type to serve the text with.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);

    /// <summary>Writes one family; <paramref name="samples"/> may be empty (HELP and TYPE are still written).</summary>
    public PrometheusTextWriter Family(string name, MetricType type, string help, IEnumerable<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(samples);
        if (!IsMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metric name.", nameof(name));
        }

        if (!_families.Add(name))
        {
            throw new ArgumentException($"Metric family '{name}' was already written.", nameof(name));
        }

        _text.Append("# HELP ").Append(name).Append(' ').Append(Escape(help, quote: false)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type == MetricType.Counter ? "counter" : "gauge").Append('\n');
        foreach (MetricSample sample in samples)
        {
            _text.Append(name);
            if (sample.Labels.Count > 0)
            {
                _text.Append('{');
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < sample.Labels.Count; i++)
                {
                    (string label, string value) = (sample.Labels[i].Key, sample.Labels[i].Value);
                    if (!IsLabelName(label) || !seen.Add(label))
                    {
                        throw new ArgumentException($"'{label}' is not a valid or unique label name.", nameof(samples));
                    }

                    _text.Append(i > 0 ? "," : string.Empty).Append(label).Append("=\"").Append(Escape(value, quote: true)).Append('"');
                }

                _text.Append('}');
            }

            _text.Append(' ').Append(FormatValue(sample.Value)).Append('\n');
        }

        return this;
    }

    /// <summary>The text written so far.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>A value as the format spells it: <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>, or a round-trip decimal.</summary>
    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string text, bool quote)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            _ = c switch
            {
                '\\' => sb.Append(@"\\"),
                '\n' => sb.Append(@"\n"),
                '"' when quote => sb.Append("\\\""),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    private static bool IsMetricName(string? name) =>
        !string.IsNullOrEmpty(name) && IsNameStart(name[0], colon: true) && name.All(c => IsNameStart(c, colon: true) || char.IsAsciiDigit(c));

    private static bool IsLabelName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.StartsWith("__", StringComparison.Ordinal) && IsNameStart(name[0], colon: false)
        && name.All(c => IsNameStart(c, colon: false) || char.IsAsciiDigit(c));

    private static bool IsNameStart(char c, bool colon) => char.IsAsciiLetter(c) || c == '_' || (colon && c == ':');
}
