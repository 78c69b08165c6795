namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>The first byte of every Cascade message.</summary>
internal enum CascadeMessageType : byte
{
    /// <summary>Bob to Alice: version, variant, key length, public seed, pass schedule.</summary>
    Start = 1,

    /// <summary>Alice to Bob: the top-level block parities of every pass, packed.</summary>
    TopLevelParities = 2,

    /// <summary>Bob to Alice: the bit ranges (pass, start, length) whose parities he asks for.</summary>
    ParityRequest = 3,

    /// <summary>Alice to Bob: the asked parities, packed, in request order.</summary>
    ParityResponse = 4,

    /// <summary>Bob to Alice: reconciliation finished.</summary>
    Done = 5,
}
