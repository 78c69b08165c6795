namespace QkdNet.Services.Trading.Fix;

/// <summary>OrdStatus (tag 39); each value is the ASCII byte on the wire.</summary>
public enum FixOrdStatus : byte
{
    /// <summary>39=0.</summary>
    New = (byte)'0',

    /// <summary>39=1.</summary>
    PartiallyFilled = (byte)'1',

    /// <summary>39=2.</summary>
    Filled = (byte)'2',

    /// <summary>39=4.</summary>
    Canceled = (byte)'4',

    /// <summary>39=8.</summary>
    Rejected = (byte)'8',
}
