namespace QkdNet.PostProcessing.Pipeline;

/// <summary>Type bytes of the pipeline's messages (distinct from the reconciler's).</summary>
internal enum PipelineMessage : byte
{
    /// <summary>
    /// Bob to Alice: detected slots (Elias-Fano over the offsets from the first slot) and Bob's bases.
    /// 0xA1 was the older gap-lane format and 0xA8 Elias-Fano over the absolute slots, both retired so
    /// that a peer still on one gets a wrong-type error rather than a misread.
    /// </summary>
    Detections = 0xA9,

    /// <summary>Alice to Bob: her bases, intensities and pulses per intensity.</summary>
    SiftInfo = 0xA2,

    /// <summary>Bob to Alice: sample seed, his sample and decoy bits.</summary>
    Estimation = 0xA3,

    /// <summary>Alice to Bob: her sample and decoy bits.</summary>
    EstimationReply = 0xA4,

    /// <summary>Alice to Bob: verification tag of her reconciled key.</summary>
    Verify = 0xA5,

    /// <summary>Bob to Alice: whether the tags matched, and how many bits he corrected.</summary>
    VerifyResult = 0xA6,

    /// <summary>Alice to Bob: block ID, output length and Toeplitz seed.</summary>
    Amplify = 0xA7,
}
