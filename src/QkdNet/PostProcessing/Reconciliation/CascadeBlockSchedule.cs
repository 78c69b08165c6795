namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>Which published rule picks the block size of each pass.</summary>
internal enum CascadeBlockSchedule
{
    /// <summary>Brassard and Salvail 1993: k1 = 0.73 / QBER, k(i) = 2 k(i-1).</summary>
    BrassardSalvail,

    /// <summary>
    /// Martinez-Mateo et al. 2015, "Cascade opt. (7)": k1 = 2^ceil(log2(1/QBER)), k2 = 4 k1,
    /// k(i) = n/2 from the third pass on.
    /// </summary>
    MartinezMateoOpt7,

    /// <summary>
    /// Martinez-Mateo et al. 2015, "Cascade opt. (8)": with alpha = log2(1/QBER) - 1/2,
    /// k1 = 2^ceil(alpha), k2 = 2^ceil((alpha + 12) / 2), k3 = 4096, k(i) = n/2 from the fourth pass on.
    /// </summary>
    MartinezMateoOpt8,
}
