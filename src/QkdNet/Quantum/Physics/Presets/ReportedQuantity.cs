namespace QkdNet.Quantum.Physics.Presets;

/// <summary>What a reported figure measures.</summary>
public enum ReportedQuantity
{
    /// <summary>A secret key rate in bit/s at one distance.</summary>
    SecretKeyRateBps,

    /// <summary>The secret key of one satellite pass, in bits.</summary>
    PassKeyBits,
}
