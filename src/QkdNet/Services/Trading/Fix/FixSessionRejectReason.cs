namespace QkdNet.Services.Trading.Fix;

/// <summary>SessionRejectReason (tag 373), the FIX 4.4 code list; the numbers are the wire values.</summary>
public enum FixSessionRejectReason
{
    /// <summary>373=0.</summary>
    InvalidTagNumber = 0,

    /// <summary>373=1.</summary>
    RequiredTagMissing = 1,

    /// <summary>373=2.</summary>
    TagNotDefinedForMessageType = 2,

    /// <summary>373=3.</summary>
    UndefinedTag = 3,

    /// <summary>373=4.</summary>
    TagSpecifiedWithoutValue = 4,

    /// <summary>373=5, value is incorrect (out of range) for this tag.</summary>
    ValueIsIncorrect = 5,

    /// <summary>373=6.</summary>
    IncorrectDataFormat = 6,

    /// <summary>373=11.</summary>
    InvalidMsgType = 11,

    /// <summary>373=13.</summary>
    TagAppearsMoreThanOnce = 13,

    /// <summary>373=14.</summary>
    TagSpecifiedOutOfRequiredOrder = 14,

    /// <summary>373=99.</summary>
    Other = 99,
}
