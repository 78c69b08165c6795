namespace QkdNet.Quantum.Simulation;

/// <summary>
/// Where Alice's bit values and both parties' basis choices come from. Key-grade links use
/// <see cref="CryptographicChoiceSource"/>; research runs that must be reproducible use
/// <see cref="SeededChoiceSource"/>, whose output can never become key (see <see cref="IsKeyGrade"/>).
/// </summary>
public abstract class ChoiceSource
{
    /// <summary>True when the choices are unpredictable (from a cryptographic generator).</summary>
    public abstract bool IsKeyGrade { get; }

    /// <summary>The next 64 uniformly random choice bits.</summary>
    public abstract ulong NextWord();
}
