namespace QkdNet.Services.Trading.Fix;

/// <summary>TimeInForce (tag 59); each value is the ASCII byte on the wire. FIX's default when absent is Day.</summary>
public enum FixTimeInForce : byte
{
    /// <summary>59=0.</summary>
    Day = (byte)'0',

    /// <summary>59=3, immediate or cancel.</summary>
    ImmediateOrCancel = (byte)'3',

    /// <summary>59=4, fill or kill.</summary>
    FillOrKill = (byte)'4',
}
