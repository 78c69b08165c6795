namespace QkdNet.Services.Trading.Fix;

/// <summary>OrdType (tag 40); each value is the ASCII byte on the wire.</summary>
public enum FixOrdType : byte
{
    /// <summary>40=1.</summary>
    Market = (byte)'1',

    /// <summary>40=2; Price (44) is then required.</summary>
    Limit = (byte)'2',
}
