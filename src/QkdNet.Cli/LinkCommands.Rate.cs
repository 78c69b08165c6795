using System.CommandLine;
using System.Globalization;
using QkdNet.Quantum.KeyRate;
using QkdNet.Quantum.Physics;

namespace QkdNet.Cli;

internal static partial class LinkCommands
{
    private static Command Rate(TextWriter stdout)
    {
        var options = new LinkOptions();
        var decoy = new Option<string>("--decoy") { Description = "Decoy method: infinite, vacuum-weak, none or finite.", DefaultValueFactory = _ => "infinite" };
        decoy.AcceptOnlyFromAmong("infinite", "vacuum-weak", "none", "finite");
        var block = new Option<double>("--block-bits") { Description = "Finite-key block size n_X in bits (with --decoy finite).", DefaultValueFactory = _ => 1e8 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("rate", "Analytic gain, QBER, single-photon yield and error, and secret key rate.");
        options.AddTo(command);
        command.Options.Add(decoy);
        command.Options.Add(block);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            double km = parse.GetValue(options.DistanceKm);
            QkdLink link = options.Build(parse, km);
            string method = parse.GetValue(decoy)!;
            RateReport report = method == "finite"
                ? FiniteReport(link, km, LinkOptions.Check(FiniteKeyParameters.Create(parse.GetValue(block))))
                : AsymptoticReport(link, km, method switch
                {
                    "vacuum-weak" => DecoyMethod.VacuumWeak,
                    "none" => DecoyMethod.None,
                    _ => DecoyMethod.Infinite,
                });
            stdout.WriteLine(parse.GetValue(json) ? Json.Serialize(report) : report.ToText());
            return 0;
        });
        return command;
    }

    private static RateReport AsymptoticReport(QkdLink link, double km, DecoyMethod method)
    {
        KeyRateEstimate e = LinkOptions.Check(KeyRateModels.Estimate(link, method));
        return new RateReport(link.Channel.Describe(), km, MethodName(method), link.Source.SignalMu, e.Transmittance, e.Gain, e.Qber,
            e.SinglePhotonYield, e.SinglePhotonError, e.SinglePhotonGain, e.SecretKeyRatePerPulse, e.SecretKeyRateBps, null, null);
    }

    private static RateReport FiniteReport(QkdLink link, double km, FiniteKeyParameters parameters)
    {
        FiniteKeyEstimate f = LinkOptions.Check(FiniteKeyBound.Compute(link, parameters));
        KeyRateEstimate e = KeyRateModels.InfiniteDecoy(link);
        return new RateReport(link.Channel.Describe(), km, "finite", link.Source.SignalMu, e.Transmittance, e.Gain, f.Qber,
            f.SinglePhotonYield, f.PhaseError, null, f.SecretKeyRatePerPulse, f.SecretKeyRateBps, f.SecretKeyBits,
            $"finite key (Lim et al. 2014), block of {parameters.BlockBits:0.###e0} bits: Y1 and e1 are bounds with statistical fluctuations (lower Y1, higher e1 than the asymptotic vacuum-weak model), e1 is the phase error; single_photon_gain is not part of this bound (null)");
    }

    internal static string MethodName(DecoyMethod method) => method switch
    {
        DecoyMethod.Infinite => "infinite",
        DecoyMethod.VacuumWeak => "vacuum-weak",
        DecoyMethod.None => "none",
        _ => "finite",
    };

    /// <summary>The result of <c>link rate</c>; property names become the JSON fields.</summary>
    internal sealed record RateReport(
        string Channel, double DistanceKm, string Decoy, double Mu, double Transmittance, double Gain, double Qber,
        double SinglePhotonYield, double SinglePhotonError, double? SinglePhotonGain,
        double SecretKeyRatePerPulse, double SecretKeyRateBps, double? SecretKeyBitsPerBlock, string? Note)
    {
        public string ToText() => string.Join('\n', new[]
        {
            $"channel                 {Channel}",
            $"decoy method            {Decoy} (mu {Mu})",
            $"transmittance eta       {Transmittance:E4}",
            $"gain Q_mu               {Gain:E4}",
            $"QBER E_mu               {Qber:P3}",
            $"single-photon yield Y1  {SinglePhotonYield:E4}",
            $"single-photon error e1  {SinglePhotonError:P3}",
            $"secret key rate         {SecretKeyRatePerPulse:E4} bit/pulse, {SecretKeyRateBps.ToString("0.###", CultureInfo.InvariantCulture)} bit/s",
        }.Concat(SecretKeyBitsPerBlock is double l ? [$"secret key per block    {l:0} bits"] : [])
            .Concat(Note is null ? [] : [$"note: {Note}"]));
    }
}
