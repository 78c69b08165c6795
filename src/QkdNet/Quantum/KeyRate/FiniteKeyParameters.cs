namespace QkdNet.Quantum.KeyRate;

/// <summary>Block size and security parameters of the finite-key bound.</summary>
public sealed record FiniteKeyParameters
{
    private FiniteKeyParameters(double blockBits, double secrecy, double correctness, double keyBasisProbability)
    {
        BlockBits = blockBits;
        Secrecy = secrecy;
        Correctness = correctness;
        KeyBasisProbability = keyBasisProbability;
    }

    /// <summary>n_X: detections in the key (X) basis, all intensities, that make up one block.</summary>
    public double BlockBits { get; }

    /// <summary>epsilon_sec: secrecy parameter (1e-10 by default).</summary>
    public double Secrecy { get; }

    /// <summary>epsilon_cor: correctness parameter (1e-15 by default).</summary>
    public double Correctness { get; }

    /// <summary>p_X: probability that Alice and Bob each pick the key basis (0.5 for symmetric BB84).</summary>
    public double KeyBasisProbability { get; }

    /// <summary>Validates and creates the parameters.</summary>
    public static Result<FiniteKeyParameters> Create(double blockBits, double secrecy = 1e-10, double correctness = 1e-15, double keyBasisProbability = 0.5)
    {
        if (!(blockBits >= 1 && double.IsFinite(blockBits)))
        {
            return Result<FiniteKeyParameters>.Fail($"block size must be at least 1 bit, got {blockBits}.");
        }

        if (!(secrecy > 0 && secrecy < 1) || !(correctness > 0 && correctness < 1))
        {
            return Result<FiniteKeyParameters>.Fail("security parameters must be in (0, 1).");
        }

        if (!(keyBasisProbability > 0 && keyBasisProbability < 1))
        {
            return Result<FiniteKeyParameters>.Fail($"key-basis probability must be in (0, 1), got {keyBasisProbability}.");
        }

        return new FiniteKeyParameters(blockBits, secrecy, correctness, keyBasisProbability);
    }
}
