using System.CommandLine;
using System.Globalization;
using System.Text;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;
using QkdNet.Reporting;

namespace QkdNet.Cli;

internal static partial class LinkCommands
{
    private static Command Sweep(TextWriter stdout)
    {
        var options = new LinkOptions();
        var toKm = new Option<double>("--to-km") { Description = "Longest distance in km.", DefaultValueFactory = _ => 150 };
        var stepKm = new Option<double>("--step-km") { Description = "Distance step in km.", DefaultValueFactory = _ => 5 };
        var block = new Option<double>("--block-bits") { Description = "Finite-key block size n_X in bits.", DefaultValueFactory = _ => 1e10 };
        var output = new Option<string>("--out") { Description = "SVG file for the plot.", DefaultValueFactory = _ => "rate.svg" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("sweep", "Secret key rate against distance for each model and the PLOB bound: a table and a log-scale SVG plot.");
        options.AddTo(command, withDistance: false);
        foreach (var o in new Option[] { toKm, stepKm, block, output, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            double to = parse.GetValue(toKm), step = parse.GetValue(stepKm);
            // a satellite preset's distance is a slant range, which starts at the orbit altitude
            double from = LinkOptions.Check(LinkPresets.Find(parse.GetValue(options.Preset)!)).MinimumDistanceKm;
            if (!(to > from && to <= 3000))
            {
                throw new UsageException($"--to-km must be in ({from}, 3000], got {to}.");
            }

            if (!(step > 0 && (to - from) / step <= 10_000))
            {
                throw new UsageException($"--step-km must be positive and give at most 10000 points, got {step}.");
            }

            var finite = LinkOptions.Check(FiniteKeyParameters.Create(parse.GetValue(block)));
            var rows = new List<SweepRow>();
            for (double km = from; km <= to + 1e-9; km += step)
            {
                rows.Add(Row(options.Build(parse, km), km, finite));
            }

            string path = parse.GetValue(output)!;
            WritePlot(path, rows, finite.BlockBits, from > 0 ? "slant range (km)" : "fibre length (km)");
            stdout.WriteLine(parse.GetValue(json) ? Json.Serialize(new { rows, plot = path, nullMeans = NullMeans }) : Table(rows, path));
            return 0;
        });
        return command;
    }

    private static SweepRow Row(QkdLink link, double km, FiniteKeyParameters finite)
    {
        double infinite = KeyRateModels.InfiniteDecoy(link).SecretKeyRatePerPulse;
        double vacuumWeak = KeyRateModels.VacuumWeakDecoy(link) is { IsSuccess: true } vw ? vw.Value.SecretKeyRatePerPulse : double.NaN;
        var (noDecoyMu, noDecoy) = MuOptimizer.Optimize(link, DecoyMethod.None);
        double finiteRate = FiniteKeyBound.Compute(link, finite) is { IsSuccess: true } f ? f.Value.SecretKeyRatePerPulse : double.NaN;
        double transmittance = link.Channel.Transmittance(TimeSpan.Zero);
        double plob = transmittance < 1 ? KeyRateModels.PlobBound(transmittance) : double.PositiveInfinity;
        // no mu gives key there: the optimiser's last trial value would read as a recommendation
        double? mu = noDecoy.SecretKeyRatePerPulse > 0 ? noDecoyMu : null;
        return new SweepRow(km, infinite, vacuumWeak, noDecoy.SecretKeyRatePerPulse, mu, finiteRate, plob);
    }

    private static void WritePlot(string path, List<SweepRow> rows, double blockBits, string xLabel)
    {
        var plot = new SvgLinePlot("Decoy-state BB84: secret key rate against distance", xLabel, "secret key bits per pulse")
            .Add("infinite decoy", [.. rows.Select(r => (r.DistanceKm, r.Infinite))])
            .Add("vacuum + weak", [.. rows.Select(r => (r.DistanceKm, r.VacuumWeak))])
            .Add("no decoy (best mu)", [.. rows.Select(r => (r.DistanceKm, r.NoDecoy))])
            .Add($"finite key, n={blockBits:0.#e0}", [.. rows.Select(r => (r.DistanceKm, r.Finite))])
            .Add("PLOB bound", [.. rows.Select(r => (r.DistanceKm, r.Plob))], dashed: true);
        try
        {
            File.WriteAllText(path, plot.Render());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write the plot to '{path}': {e.Message}");
        }
    }

    private static string Table(List<SweepRow> rows, string path)
    {
        var b = new StringBuilder();
        b.AppendLine("secret key rate, bits per pulse");
        b.AppendLine("km      infinite    vacuum+weak  no-decoy    (mu)     finite-key  PLOB");
        foreach (var r in rows)
        {
            b.AppendLine($"{r.DistanceKm,-6:0.#}  {r.Infinite,-10:E3}  {r.VacuumWeak,-11:E3}  {r.NoDecoy,-10:E3}  {(r.NoDecoyMu is double mu ? mu.ToString("0.####", CultureInfo.InvariantCulture) : "-"),-7}  {r.Finite,-10:E3}  {r.Plob:E3}");
        }

        b.AppendLine("(mu: the best signal intensity without decoys; - where no mu gives key)");
        b.Append($"plot written to {path}");
        return b.ToString();
    }

    private const string NullMeans = "a null rate: the model has no solution there (no key); a null PLOB bound: unbounded at 0 km (no loss); a null no_decoy_mu: no mu gives key there.";

    /// <summary>One distance of the sweep; <see cref="NoDecoyMu"/> is null where no mu gives key.</summary>
    internal sealed record SweepRow(double DistanceKm, double Infinite, double VacuumWeak, double NoDecoy, double? NoDecoyMu, double Finite, double Plob);
}
