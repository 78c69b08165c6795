using System.CommandLine;
using System.Diagnostics;
using System.Text;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;
using QkdNet.Quantum.Simulation;

namespace QkdNet.Cli;

internal static partial class LinkCommands
{
    private static Command Simulate(TextWriter stdout)
    {
        var options = new LinkOptions();
        var pulses = new Option<double>("--pulses") { Description = "Pulses to emit (e.g. 1e9), a whole number from 1 to 1e13.", DefaultValueFactory = _ => 1e8 };
        var eve = new Option<string?>("--eve") { Description = "Eavesdropper: intercept-resend:FRACTION or pns." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of a reproducible research run (never key-grade).", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var postprocess = new Option<bool>("--postprocess") { Description = "Distil the detections into secret key: sifting, estimation, Cascade, verification, privacy amplification." };
        var command = new Command("simulate", "Pulse-level Monte-Carlo run: measured gains and QBERs next to the analytic ones.");
        options.AddTo(command);
        command.Options.Add(pulses);
        command.Options.Add(eve);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.Options.Add(postprocess);
        command.SetAction(async (parse, cancellationToken) =>
        {
            double km = parse.GetValue(options.DistanceKm);
            QkdLink link = options.Build(parse, km);
            long n = PulseCount(parse.GetValue(pulses));
            Eavesdropper? attacker = parse.GetValue(eve) is string e ? LinkOptions.Check(Eavesdropper.Parse(e)) : null;
            var report = await RunSimulationAsync(link, km, n, attacker, parse.GetValue(seed), parse.GetValue(postprocess), cancellationToken).ConfigureAwait(false);
            stdout.WriteLine(parse.GetValue(json) ? Json.Serialize(report) : report.ToText());
            return 0;
        });
        return command;
    }

    internal static long PulseCount(double value) =>
        value >= 1 && value <= 1e13 && Math.Floor(value) == value
            ? (long)value
            : throw new UsageException($"--pulses must be a whole number from 1 to 1e13, got {value}.");

    internal static async Task<SimulationReport> RunSimulationAsync(QkdLink link, double km, long pulses, Eavesdropper? eve, ulong seed,
        bool postprocess, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        SimulationOutcome outcome = PulseSimulator.Seeded(link, seed, eve).Run(pulses);
        double seconds = watch.Elapsed.TotalSeconds;
        var rows = Enum.GetValues<Intensity>().Select(i =>
        {
            var m = outcome.For(i);
            var a = LinkStatistics.ForIntensity(link, i);
            return new IntensityRow(i.ToString().ToLowerInvariant(), a.Mean, m.Pulses, m.Detections, m.Gain, m.GainStandardError, a.Gain,
                m.SiftedDetections, m.Qber, m.QberStandardError, a.Qber);
        }).ToArray();
        var s = outcome.For(Intensity.Signal);
        var d = outcome.For(Intensity.Decoy);
        var v = outcome.For(Intensity.Vacuum);
        var (y1, e1, rate) = KeyRateModels.FromMeasurement(link, link.Source.SignalMu, link.Source.DecoyNu, s.Gain, s.Qber, d.Gain, d.Qber, v.Gain);
        PostprocessSummary? distilled = null;
        if (postprocess)
        {
            using var pair = new PostProcessingPair(new PostProcessingOptions { SignalMu = link.Source.SignalMu, DecoyNu = link.Source.DecoyNu });
            var (_, bob) = await pair.ProcessAsync(outcome.Alice, outcome.Bob, cancellationToken).ConfigureAwait(false);
            distilled = PostprocessSummary.From(bob.Report);
        }

        return new SimulationReport(link.Channel.Describe(), km, pulses, seed, eve?.ToString(), outcome.Alice.Count, outcome.Bob.DoubleClicks, rows,
            y1, e1, rate, rate * link.Source.RepetitionRateHz, KeyRateModels.VacuumWeakDecoy(link).Value.SecretKeyRatePerPulse,
            seconds, pulses / seconds, distilled);
    }

    internal sealed record IntensityRow(string Intensity, double Mean, long Pulses, long Detections,
        double Gain, double GainStandardError, double AnalyticGain, long SiftedDetections, double Qber, double QberStandardError, double AnalyticQber);

    internal sealed record SimulationReport(
        string Channel, double DistanceKm, long Pulses, ulong Seed, string? Eavesdropper, int Detections, int DoubleClicks,
        IntensityRow[] Intensities, double EstimatedSinglePhotonYield, double EstimatedSinglePhotonError,
        double SecretKeyRatePerPulse, double SecretKeyRateBps, double AnalyticSecretKeyRatePerPulse,
        double ElapsedSeconds, double PulsesPerSecond, PostprocessSummary? Postprocess)
    {
        public string ToText()
        {
            var b = new StringBuilder();
            b.AppendLine($"channel {Channel}; {Pulses:E3} pulses, seed {Seed}, eavesdropper {Eavesdropper ?? "none"}");
            b.AppendLine("intensity  mean    detections  gain (measured +- s.e.)      gain (analytic)  QBER (measured +- s.e.)   QBER (analytic)");
            foreach (var r in Intensities)
            {
                b.AppendLine($"{r.Intensity,-9}  {r.Mean,-6:0.###}  {r.Detections,10}  {r.Gain,12:E4} +- {r.GainStandardError,-10:E2}  {r.AnalyticGain,14:E4}  {r.Qber,9:P3} +- {r.QberStandardError,-9:P3}  {r.AnalyticQber,13:P3}");
            }

            b.AppendLine($"decoy estimate from measured data: Y1 >= {EstimatedSinglePhotonYield:E4}, e1 <= {EstimatedSinglePhotonError:P3}");
            b.AppendLine($"secret key rate (vacuum+weak, measured) {SecretKeyRatePerPulse:E4} bit/pulse = {SecretKeyRateBps:0.###} bit/s; analytic {AnalyticSecretKeyRatePerPulse:E4}");
            b.Append($"simulated in {ElapsedSeconds:0.###} s: {PulsesPerSecond:E3} pulses/s");
            if (Postprocess is not null)
            {
                b.Append('\n').Append(Postprocess.ToText());
            }

            return b.ToString();
        }
    }
}
