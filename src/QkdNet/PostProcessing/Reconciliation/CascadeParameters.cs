namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// A Cascade variant: its block-size schedule, number of passes and the disclosure-saving
/// optimisations it uses. Immutable; use the presets.
/// </summary>
public sealed class CascadeParameters
{
    /// <summary>Largest key accepted, in bits (range keys on the wire and in caches hold 29 bits).</summary>
    public const int MaxKeyLengthBits = (1 << 29) - 1;

    /// <summary>Most passes a plan may have.</summary>
    public const int MaxPasses = 63;

    /// <summary>Smallest estimated QBER honoured; lower estimates are raised to it (a fraction).</summary>
    public const double MinQber = 1e-5;

    private CascadeParameters(
        string name, byte variantId, int passes, CascadeBlockSchedule schedule, bool reuseKnownParities, bool inferLastBlockParity)
    {
        Name = name;
        VariantId = variantId;
        Passes = passes;
        Schedule = schedule;
        ReuseKnownParities = reuseKnownParities;
        InferLastBlockParity = inferLastBlockParity;
    }

    /// <summary>
    /// The original Cascade of Brassard and Salvail, "Secret-key reconciliation by public
    /// discussion", EUROCRYPT 1993: 4 passes, k1 = 0.73 / QBER, k(i) = 2 k(i-1), BINARY on every
    /// block with odd parity difference and cascading back to earlier passes' top-level blocks.
    /// Bob keeps every parity of Alice's he has learned (the top-level parities and those of the
    /// BINARY sub-blocks) and never asks for one again, as in the paper's protocol, where a parity
    /// once exchanged is known to both sides for the rest of the run (Brassard-Salvail 1993; Martinez-
    /// Mateo et al. 2015 count the original's disclosure the same way). Without the cache it disclosed
    /// 1.3-1.9 % more than an independent reference implementation (issue 17).
    /// </summary>
    public static CascadeParameters Original { get; } =
        new("cascade-original", 1, 4, CascadeBlockSchedule.BrassardSalvail, reuseKnownParities: true, inferLastBlockParity: false);

    /// <summary>
    /// Martinez-Mateo, Pacher, Peev, Ciurana and Martin, "Demystifying the information
    /// reconciliation protocol Cascade", QIC 15 (2015), their "opt. (7)" schedule (power-of-two
    /// k1 = 2^ceil(log2(1/QBER)), k2 = 4 k1, then n/2) over 14 passes, with every parity Bob has
    /// learned kept and never asked again (sub-block reuse) and the last top-level block parity of
    /// every pass after the first inferred from the whole key's parity.
    /// </summary>
    public static CascadeParameters OptimizedOpt7 { get; } =
        new("cascade-opt7", 2, 14, CascadeBlockSchedule.MartinezMateoOpt7, reuseKnownParities: true, inferLastBlockParity: true);

    /// <summary>
    /// As <see cref="OptimizedOpt7"/> but with the paper's "opt. (8)" schedule: alpha =
    /// log2(1/QBER) - 1/2, k1 = 2^ceil(alpha), k2 = 2^ceil((alpha + 12) / 2), k3 = 4096, then n/2.
    /// </summary>
    public static CascadeParameters OptimizedOpt8 { get; } =
        new("cascade-opt8", 3, 14, CascadeBlockSchedule.MartinezMateoOpt8, reuseKnownParities: true, inferLastBlockParity: true);

    /// <summary>
    /// The recommended optimised variant: <see cref="OptimizedOpt8"/>, which disclosed less than opt7
    /// at every QBER from 1 to 5 % on 1e4 to 1e6-bit keys (f 1.035 to 1.045 from 1e5 bits; see the
    /// efficiency table of <c>qkdnet bench cascade</c>).
    /// </summary>
    public static CascadeParameters Optimized => OptimizedOpt8;

    /// <summary>Every preset, by <see cref="VariantId"/> order.</summary>
    public static IReadOnlyList<CascadeParameters> All { get; } = [Original, OptimizedOpt7, OptimizedOpt8];

    /// <summary>Variant name as reported in <see cref="ReconciliationResult.VariantName"/>.</summary>
    public string Name { get; }

    /// <summary>Number of passes.</summary>
    public int Passes { get; }

    /// <summary>Whether every parity of Alice's that Bob learned is cached and never asked again.</summary>
    public bool ReuseKnownParities { get; }

    /// <summary>Whether the last top-level parity of passes 2.. is inferred instead of sent.</summary>
    public bool InferLastBlockParity { get; }

    /// <summary>Identifies the variant on the wire; both ends must run the same one.</summary>
    internal byte VariantId { get; }

    internal CascadeBlockSchedule Schedule { get; }

    /// <summary>Shows the name.</summary>
    public override string ToString() => Name;

    internal static CascadeParameters? FromVariantId(byte id)
    {
        foreach (CascadeParameters p in All)
        {
            if (p.VariantId == id)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>The pass plan for a key of <paramref name="n"/> bits at the estimated QBER.</summary>
    internal CascadePassPlan[] Plan(int n, double estimatedQber)
    {
        double q = Math.Max(estimatedQber, MinQber);
        var plan = new CascadePassPlan[Passes];
        double alpha = Math.Log2(1.0 / q) - 0.5;
        for (int i = 0; i < Passes; i++)
        {
            double k = Schedule switch
            {
                // Brassard-Salvail 1993, Sec. 4: k1 ~ 0.73/p, doubling each pass.
                CascadeBlockSchedule.BrassardSalvail => Math.Ceiling(0.73 / q) * Math.Pow(2, i),
                CascadeBlockSchedule.MartinezMateoOpt7 => i switch
                {
                    0 => Math.Pow(2, Math.Ceiling(Math.Log2(1.0 / q))),
                    1 => 4 * Math.Pow(2, Math.Ceiling(Math.Log2(1.0 / q))),
                    _ => n / 2.0,
                },
                _ => i switch
                {
                    0 => Math.Pow(2, Math.Ceiling(alpha)),
                    1 => Math.Pow(2, Math.Ceiling((alpha + 12) / 2)),
                    2 => 4096,
                    _ => n / 2.0,
                },
            };

            int size = (int)Math.Clamp(k, 1, Math.Max(1, n));
            // The half-key split of late passes is Martinez-Mateo et al.'s; the original keeps shuffling.
            CascadePassKind kind = i == 0
                ? CascadePassKind.Identity
                : ReuseKnownParities && Schedule != CascadeBlockSchedule.BrassardSalvail && 2L * size >= n ? CascadePassKind.Split : CascadePassKind.Shuffled;
            plan[i] = new CascadePassPlan(kind, kind == CascadePassKind.Split ? Math.Max(1, n / 2) : size);
        }

        return plan;
    }
}
