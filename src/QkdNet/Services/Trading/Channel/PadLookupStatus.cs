namespace QkdNet.Services.Trading.Channel;

/// <summary>Why a pad segment could or could not be read.</summary>
public enum PadLookupStatus
{
    /// <summary>The bytes were copied.</summary>
    Found = 0,

    /// <summary>No key with that ID is held (not fetched yet, or never issued).</summary>
    UnknownKey,

    /// <summary>The segment runs past the end of its key, or has a negative offset or length.</summary>
    OutOfRange,

    /// <summary>Some of the segment's bytes were consumed already.</summary>
    AlreadyUsed,
}
