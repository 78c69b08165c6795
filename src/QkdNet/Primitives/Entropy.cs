namespace QkdNet.Primitives;

/// <summary>Information-theoretic helpers.</summary>
public static class Entropy
{
    /// <summary>Binary Shannon entropy H2(x) = -x log2 x - (1-x) log2(1-x), in bits; 0 at 0 and 1.</summary>
    public static double Binary(double x)
    {
        if (x <= 0 || x >= 1)
        {
            return 0;
        }

        return (-x * Math.Log2(x)) - ((1 - x) * Math.Log2(1 - x));
    }
}
