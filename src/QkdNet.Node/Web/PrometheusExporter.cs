using System.Diagnostics.Metrics;
using Prometheus;

namespace QkdNet.Node.Web;

/// <summary>
/// Serves one <see cref="Meter"/>'s observable instruments in the Prometheus text format, written by prometheus-net.
/// Each scrape observes every instrument of that meter (and of no other meter: several nodes may share a process)
/// and hands the values to prometheus-net's own counters and gauges in a registry of this exporter.
/// </summary>
/// <remarks>
/// The bridge from <see cref="MeterListener"/> to prometheus-net is written here, not taken from prometheus-net's
/// <c>MeterAdapter</c>, for two reasons read in its source (8.2.1): the adapter exports every .NET counter as a
/// Prometheus gauge (so <c>qkdnet_relay_originated_total</c> would change its TYPE and <c>rate()</c> users their
/// rules) and appends the instrument's CLR type to each HELP text; and it keeps a series it saw once until it expires
/// after minutes, where an alarm that cleared must leave the exposition at the next scrape. This class does only the
/// mapping (observable counter to counter, observable gauge to gauge, series not observed in a scrape removed) and
/// the escaping of HELP text, which prometheus-net writes as given; the rest of the format, label escaping and the
/// name checks are prometheus-net's.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The Content-Type of <see cref="RenderAsync"/>'s text.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Meter _meter;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly MetricFactory _factory;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, Family> _families = [];
    private readonly SemaphoreSlim _scrape = new(1, 1);

    /// <summary>An exporter of <paramref name="meter"/>'s instruments, those made before and after this call.</summary>
    public PrometheusExporter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _meter = meter;
        _factory = Metrics.WithCustomRegistry(_registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter) && instrument.IsObservable)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Observes every instrument now and returns the exposition text.</summary>
    public async Task<string> RenderAsync(CancellationToken cancellationToken = default)
    {
        await _scrape.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (Family family in _families.Values)
            {
                family.Seen.Clear();
            }

            _listener.RecordObservableInstruments();
            foreach (Family family in _families.Values)
            {
                family.RemoveUnseen();
            }

            using var text = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(text, cancellationToken).ConfigureAwait(false);
            return System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
        }
        finally
        {
            _scrape.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Dispose();
        _scrape.Dispose();
    }

    /// <summary>Called by the listener, inside <see cref="RenderAsync"/>, for each measurement of an observable instrument.</summary>
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        var values = new string[tags.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            names[i] = tags[i].Key;
            values[i] = tags[i].Value?.ToString() ?? string.Empty;
        }

        if (!_families.TryGetValue(instrument, out Family? family))
        {
            family = new Family(instrument, _factory, names);
            _families.Add(instrument, family);
        }

        family.Set(values, value);
    }

    /// <summary>One instrument as a prometheus-net counter or gauge, with the label sets observed in the current scrape.</summary>
    private sealed class Family
    {
        private readonly Collector _collector;
        private readonly HashSet<string> _known = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string[]> _labelValues = new(StringComparer.Ordinal);

        public Family(Instrument instrument, MetricFactory factory, string[] labelNames)
        {
            bool counter = instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(ObservableCounter<>);
            // The format escapes backslash and newline in HELP; prometheus-net 8.2.1 writes the text as given.
            string help = (instrument.Description ?? instrument.Name).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            _collector = counter
                ? factory.CreateCounter(instrument.Name, help, labelNames)
                : factory.CreateGauge(instrument.Name, help, labelNames);
        }

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public void Set(string[] labelValues, double value)
        {
            string key = string.Join('\u001f', labelValues);
            Seen.Add(key);
            _known.Add(key);
            _labelValues[key] = labelValues;
            switch (_collector)
            {
                case Counter c:
                    // An observable counter reports the running total; prometheus-net's counter moves up to it.
                    c.WithLabels(labelValues).IncTo(value);
                    break;
                case Gauge g:
                    g.WithLabels(labelValues).Set(value);
                    break;
            }
        }

        public void RemoveUnseen()
        {
            foreach (string key in _known.Where(k => !Seen.Contains(k)).ToList())
            {
                switch (_collector)
                {
                    case Counter c:
                        c.RemoveLabelled(_labelValues[key]);
                        break;
                    case Gauge g:
                        g.RemoveLabelled(_labelValues[key]);
                        break;
                }

                _known.Remove(key);
                _labelValues.Remove(key);
            }
        }
    }
}
