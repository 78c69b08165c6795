using System.Globalization;

namespace QkdNet.Quantum.Simulation;

/// <summary>An attack on the quantum channel, switched on per link.</summary>
public abstract record Eavesdropper
{
    /// <summary>Parses <c>intercept-resend:FRACTION</c> or <c>pns</c>; the error names the problem.</summary>
    public static Result<Eavesdropper> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':', 2);
        switch (parts[0].Trim().ToLowerInvariant())
        {
            case "intercept-resend" or "ir":
                double fraction = 1;
                if (parts.Length == 2 && !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out fraction))
                {
                    return Result<Eavesdropper>.Fail($"intercept-resend fraction '{parts[1]}' is not a number.");
                }

                return InterceptResend.Create(fraction) is { IsSuccess: true } ir
                    ? ir.Value
                    : Result<Eavesdropper>.Fail($"intercept-resend fraction must be in [0, 1], got {fraction}.");
            case "pns" or "photon-number-splitting":
                return parts.Length == 1
                    ? new PhotonNumberSplitting()
                    : Result<Eavesdropper>.Fail("pns takes no parameter.");
            default:
                return Result<Eavesdropper>.Fail($"unknown eavesdropper '{text}'; use intercept-resend:FRACTION or pns.");
        }
    }
}

/// <summary>
/// Intercept-resend on a fraction of the pulses, in its textbook form (Bennett, Brassard 1984): Eve
/// measures each chosen pulse in a random basis, obtaining Alice's bit when the bases agree and a
/// random bit otherwise, and resends a pulse of the same intensity prepared in her result, so the
/// gains are unchanged. On all pulses it gives a sifted QBER of 25 % + e_d / 2.
/// </summary>
public sealed record InterceptResend : Eavesdropper
{
    private InterceptResend(double fraction) => Fraction = fraction;

    /// <summary>Fraction of pulses attacked, 0..1.</summary>
    public double Fraction { get; }

    /// <summary>Validates and creates the attack.</summary>
    public static Result<InterceptResend> Create(double fraction) =>
        fraction is >= 0 and <= 1 ? new InterceptResend(fraction) : Result<InterceptResend>.Fail($"fraction must be in [0, 1], got {fraction}.");

    /// <summary>The form <see cref="Eavesdropper.Parse"/> reads.</summary>
    public override string ToString() => FormattableString.Invariant($"intercept-resend:{Fraction}");
}

/// <summary>
/// Photon-number splitting (Brassard, Lutkenhaus, Mor, Sanders, PRL 85, 1330 (2000)): Eve replaces
/// the channel by a lossless one, keeps one photon of every multi-photon pulse, and blocks single
/// photons (and, if still needed, some multi-photon pulses) so that the signal gain Bob sees equals
/// the honest channel's. She adds no errors; decoy states reveal her through the decoy gains.
/// </summary>
public sealed record PhotonNumberSplitting : Eavesdropper
{
    /// <summary>The form <see cref="Eavesdropper.Parse"/> reads.</summary>
    public override string ToString() => "pns";
}
