namespace QkdNet.Services.Trading.Fix;

/// <summary>Side (tag 54); each value is the ASCII byte on the wire.</summary>
public enum FixSide : byte
{
    /// <summary>54=1.</summary>
    Buy = (byte)'1',

    /// <summary>54=2.</summary>
    Sell = (byte)'2',
}
