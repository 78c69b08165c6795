using System.CommandLine;
using System.Globalization;
using System.Text;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Physics.Presets;

namespace QkdNet.Cli;

internal static partial class LinkCommands
{
    private static Command Presets(TextWriter stdout)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("presets", "The link presets: their sources, parameters, and the paper's reported key rate next to the model's.");
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            List<PresetReport> presets = [.. LinkPresets.All.Select(Report)];
            stdout.WriteLine(parse.GetValue(json) ? Json.Serialize(new { presets }) : PresetTable(presets));
            return 0;
        });
        return command;
    }

    private static PresetReport Report(LinkPreset p)
    {
        QkdLink d = p.Device;
        return new PresetReport(
            p.Name, p.Citation, p.Summary, d.Source.RepetitionRateHz, d.Source.SignalMu, d.Source.DecoyNu, d.Detector.Efficiency,
            d.Detector.DarkCountYield, d.Misalignment, d.ErrorCorrectionEfficiency, d.SiftingFactor, ChannelOf(p),
            p.MinimumDistanceKm,
            [.. PresetReproduction.Evaluate(p).Select(r => new ReproductionReport(
                r.Reported.Quantity == ReportedQuantity.PassKeyBits ? "pass_key_bits" : "secret_key_rate_bps",
                r.Reported.DistanceKm, r.Reported.Value, r.Model, r.RelativeError, r.Method, r.Reported.Where))]);
    }

    private static string ChannelOf(LinkPreset p) => p switch
    {
        { Pass: { } pass } => string.Create(CultureInfo.InvariantCulture,
            $"satellite downlink, {pass.Downlink.AltitudeKm} km orbit; a pass of {pass.Duration.TotalSeconds:0} s at {pass.MaximumRangeKm}-{pass.ClosestRangeKm}-{pass.MaximumRangeKm} km slant range"),
        { Device.Channel: FibreChannel f } => string.Create(CultureInfo.InvariantCulture, $"fibre, {f.LossDbPerKm:0.###} dB/km"),
        _ => p.Device.Channel.Describe(),
    };

    private static string PresetTable(List<PresetReport> presets)
    {
        var b = new StringBuilder();
        foreach (PresetReport p in presets)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"{p.Name}: {p.Summary}");
            b.AppendLine(CultureInfo.InvariantCulture, $"  source   {p.Citation}");
            b.AppendLine(CultureInfo.InvariantCulture, $"  channel  {p.Channel}");
            b.AppendLine(CultureInfo.InvariantCulture,
                $"  device   {p.RepetitionRateHz:0.###e0} Hz, mu {p.Mu}, nu {p.Nu}, eta_Bob {p.DetectorEfficiency}, Y0 {p.DarkCountYield:0.##e0}, e_d {p.Misalignment}, f {p.ErrorCorrectionEfficiency}, q {p.SiftingFactor:0.###}");
            foreach (ReproductionReport r in p.Reported)
            {
                string unit = r.Quantity == "pass_key_bits" ? "bits per pass" : "bit/s";
                b.AppendLine(CultureInfo.InvariantCulture,
                    $"  at {r.DistanceKm} km: paper {r.Paper:0.###} {unit}, model {r.Model:0.###} {unit} ({r.RelativeError:+0.0%;-0.0%}, {r.Method})");
            }
        }

        b.Append("Every parameter's origin (stated in the paper, or inferred) is in docs/link-presets.md.");
        return b.ToString();
    }

    /// <summary>One preset in <c>link presets</c>; property names become the JSON fields.</summary>
    internal sealed record PresetReport(
        string Name, string Citation, string Summary, double RepetitionRateHz, double Mu, double Nu, double DetectorEfficiency,
        double DarkCountYield, double Misalignment, double ErrorCorrectionEfficiency, double SiftingFactor, string Channel,
        double MinimumDistanceKm, IReadOnlyList<ReproductionReport> Reported);

    /// <summary>A reported result next to the model's value.</summary>
    internal sealed record ReproductionReport(string Quantity, double DistanceKm, double Paper, double Model, double RelativeError, string Method, string Where);
}
