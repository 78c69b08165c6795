namespace QkdNet.KeyManagement.Pools;

/// <summary>One link as its feeder sees it.</summary>
/// <param name="Link">The link.</param>
/// <param name="Self">This end's KME (the one that runs the link's source).</param>
/// <param name="Peer">The other end's KME.</param>
/// <param name="ProbeInterval">How often a block is run only to measure the link while both pools are full.</param>
/// <param name="AcceptNonQuantumKey">True only on a development node: key that no QKD device made (simulated, synthetic) may be stored.</param>
public sealed record LinkBlockFeederOptions(LinkId Link, KmeId Self, KmeId Peer, TimeSpan ProbeInterval, bool AcceptNonQuantumKey);
