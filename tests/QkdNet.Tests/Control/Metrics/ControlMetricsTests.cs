using System.Diagnostics.Metrics;
using QkdNet.Control.Health;
using QkdNet.Control.Metrics;
using QkdNet.Tests.Control.Support;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Control.Metrics;

public sealed class ControlMetricsTests
{
    [Fact]
    public void LinkHealth_IsObservedFromTheMonitorWhenRead()
    {
        var monitor = new LinkHealthMonitor(ExampleTopologies.Tokyo(), null, new FakeTimeProvider());
        using var meter = new Meter("QkdNet.Tests.ControlMetrics");
        ControlMetrics.AddLinkHealth(meter, monitor.Reports, monitor.ActiveAlarms);
        monitor.Record(new LinkHealthSample(QkdNet.KeyManagement.LinkId.Create("hakusan-hongo"), QkdNet.Quantum.Qber.Create(0.3), 0, 10, 100, true, "QBER"));

        List<(string Instrument, double Value, string Labels)> seen = Observe(meter);

        Assert.Contains(("qkdnet_link_state", 2.0, "link=hakusan-hongo"), seen);
        Assert.Contains(("qkdnet_alarms_active", 1.0, "kind=QberAboveThreshold,severity=Critical"), seen);
        Assert.Contains(seen, s => s.Instrument == "qkdnet_link_qber_ratio" && s.Labels == "link=hakusan-hongo" && Math.Abs(s.Value - 0.3) < 1e-12);
    }

    [Fact]
    public void LinkHealth_CountersAreObservableCountersAndTheRestGauges()
    {
        var monitor = new LinkHealthMonitor(ExampleTopologies.Tokyo(), null, new FakeTimeProvider());
        using var meter = new Meter("QkdNet.Tests.ControlMetrics.Kinds");
        var kinds = new Dictionary<string, Type>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, _) =>
            {
                if (ReferenceEquals(i.Meter, meter))
                {
                    kinds[i.Name] = i.GetType().GetGenericTypeDefinition();
                }
            },
        };
        listener.Start();

        ControlMetrics.AddLinkHealth(meter, monitor.Reports, monitor.ActiveAlarms);

        Assert.All(kinds, k => Assert.Equal(k.Key.EndsWith("_total", StringComparison.Ordinal) ? typeof(ObservableCounter<>) : typeof(ObservableGauge<>), k.Value));
        Assert.Equal(7, kinds.Count);
    }

    private static List<(string Instrument, double Value, string Labels)> Observe(Meter meter)
    {
        var seen = new List<(string, double, string)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (ReferenceEquals(i.Meter, meter))
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) =>
            seen.Add((i.Name, v, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
