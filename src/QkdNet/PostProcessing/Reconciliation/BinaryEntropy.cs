namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>The binary entropy function H2.</summary>
public static class BinaryEntropy
{
    /// <summary>H2(p) = -p log2 p - (1-p) log2 (1-p), in bits; 0 at p = 0 or 1.</summary>
    /// <param name="p">A probability in [0, 1].</param>
    public static double Of(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1.0);
        if (p == 0.0 || p == 1.0)
        {
            return 0.0;
        }

        return (-p * Math.Log2(p)) - ((1 - p) * Math.Log2(1 - p));
    }
}
