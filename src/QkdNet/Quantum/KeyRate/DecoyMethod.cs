namespace QkdNet.Quantum.KeyRate;

/// <summary>How the single-photon contribution is bounded.</summary>
public enum DecoyMethod
{
    /// <summary>Infinitely many decoys: Y1 and e1 known exactly (GLLP with ideal decoys).</summary>
    Infinite,

    /// <summary>One vacuum and one weak decoy (Ma, Qi, Zhao, Lo 2005).</summary>
    VacuumWeak,

    /// <summary>No decoys: every multi-photon pulse assumed tagged (GLLP 2004).</summary>
    None,

    /// <summary>Finite-key vacuum + weak decoy bound of Lim, Curty, Walenta, Xu, Zbinden (2014).</summary>
    Finite,
}
