namespace QkdNet.PostProcessing.PrivacyAmplification;

/// <summary>How a Toeplitz hash is computed; every choice gives the same bits.</summary>
internal enum ToeplitzAlgorithm
{
    /// <summary>The matrix-vector product bit by bit, O(n·m); tests only.</summary>
    Naive,

    /// <summary>The carry-less product of seed and input by PCLMULQDQ schoolbook and Karatsuba.</summary>
    Karatsuba,

    /// <summary>The carry-less product by an additive FFT over GF(2^64).</summary>
    AdditiveFft,
}
