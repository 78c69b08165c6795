namespace QkdNet.Control.Topology;

/// <summary>What carries a link's quantum signal.</summary>
public enum ChannelKind
{
    /// <summary>Optical fibre: loss = length (km) x attenuation (dB/km).</summary>
    Fibre = 0,

    /// <summary>A free-space path with a fixed total loss in dB.</summary>
    FreeSpace = 1,
}
