namespace QkdNet.Services.Trading.Fix;

/// <summary>ExecType (tag 150) of FIX 4.4; each value is the ASCII byte on the wire.</summary>
public enum FixExecType : byte
{
    /// <summary>150=0.</summary>
    New = (byte)'0',

    /// <summary>150=4.</summary>
    Canceled = (byte)'4',

    /// <summary>150=8.</summary>
    Rejected = (byte)'8',

    /// <summary>150=F, a fill or partial fill.</summary>
    Trade = (byte)'F',
}
