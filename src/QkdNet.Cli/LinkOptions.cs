using System.CommandLine;
using QkdNet.Quantum.Physics;

namespace QkdNet.Cli;

/// <summary>The options every <c>link</c> command shares: a preset and overrides of its physics.</summary>
internal sealed class LinkOptions
{
    public Option<string> Preset { get; } = new("--preset")
    {
        Description = $"Parameter set: {string.Join(", ", LinkPresets.Names)} (sources: qkdnet link presets).",
        DefaultValueFactory = _ => "gys",
    };

    public Option<double> DistanceKm { get; } = new("--distance-km") { Description = "Fibre length in km.", DefaultValueFactory = _ => 50 };

    public Option<double?> Mu { get; } = new("--mu") { Description = "Signal mean photon number, in (0, 1]." };

    public Option<double?> Nu { get; } = new("--nu") { Description = "Weak decoy mean photon number, in [0, mu)." };

    public Option<double?> LossDbPerKm { get; } = new("--loss-db-per-km") { Description = "Fibre attenuation in dB/km." };

    public Option<double?> DetectorEfficiency { get; } = new("--detector-efficiency") { Description = "eta_Bob, in (0, 1]." };

    public Option<double?> DarkCount { get; } = new("--dark-count") { Description = "Y0, background click probability per pulse." };

    public Option<double?> Misalignment { get; } = new("--misalignment") { Description = "e_d, in [0, 0.5]." };

    public Option<double?> RepetitionRateHz { get; } = new("--rep-rate-hz") { Description = "Source repetition rate in Hz." };

    public Option<double?> DeadTimeSeconds { get; } = new("--dead-time-s") { Description = "Detector dead time in seconds." };

    public void AddTo(Command command, bool withDistance = true)
    {
        command.Options.Add(Preset);
        if (withDistance)
        {
            command.Options.Add(DistanceKm);
        }

        foreach (var o in new Option[] { Mu, Nu, LossDbPerKm, DetectorEfficiency, DarkCount, Misalignment, RepetitionRateHz, DeadTimeSeconds })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The link the options describe at <paramref name="distanceKm"/>; bad values throw <see cref="UsageException"/>.</summary>
    public QkdLink Build(ParseResult parse, double distanceKm)
    {
        QkdLink link = Check(LinkPresets.Create(parse.GetValue(Preset)!, distanceKm));
        WeakCoherentSource s = link.Source;
        double mu = parse.GetValue(Mu) ?? s.SignalMu;
        double nu = parse.GetValue(Nu) ?? Math.Min(s.DecoyNu, mu / 2);
        link = link with
        {
            Source = Check(WeakCoherentSource.Create(mu, nu, s.VacuumNu, s.SignalProbability, s.DecoyProbability,
                parse.GetValue(RepetitionRateHz) ?? s.RepetitionRateHz)),
            Detector = Check(Detector.Create(
                parse.GetValue(DetectorEfficiency) ?? link.Detector.Efficiency,
                parse.GetValue(DarkCount) ?? link.Detector.DarkCountYield,
                parse.GetValue(DeadTimeSeconds) ?? link.Detector.DeadTimeSeconds)),
        };
        if (parse.GetValue(LossDbPerKm) is double loss)
        {
            if (link.Channel is not FibreChannel)
            {
                throw new UsageException($"--loss-db-per-km applies to fibre presets; '{parse.GetValue(Preset)}' is a free-space link.");
            }

            link = link with { Channel = Check(FibreChannel.Create(distanceKm, loss)) };
        }

        if (parse.GetValue(Misalignment) is double ed)
        {
            link = Check(QkdLink.Create(link.Source, link.Channel, link.Detector, ed, link.ErrorCorrectionEfficiency, link.SiftingFactor));
        }

        return link;
    }

    public static T Check<T>(Result<T> result) => result.IsSuccess ? result.Value : throw new UsageException(result.Error!);
}
