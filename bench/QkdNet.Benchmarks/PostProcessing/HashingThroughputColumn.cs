using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace QkdNet.Benchmarks.PostProcessing;

/// <summary>
/// Adds "Mbit/s": the benchmark's <c>Bits</c> parameter (input size in bits) divided by its mean
/// time, so a throughput can be read off directly.
/// </summary>
public sealed class HashingThroughputColumn : IColumn
{
    public string Id => nameof(HashingThroughputColumn);

    public string ColumnName => "Mbit/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Input bits processed per second, in millions (Bits / Mean)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        object? bits = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Bits")?.Value;
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (bits is null || meanNs is null or <= 0)
        {
            return "-";
        }

        return (Convert.ToDouble(bits, System.Globalization.CultureInfo.InvariantCulture) * 1e3 / meanNs.Value)
            .ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
