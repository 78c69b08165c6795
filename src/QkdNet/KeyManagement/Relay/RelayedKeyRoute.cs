namespace QkdNet.KeyManagement.Relay;

/// <summary>How one relayed key went: the path of each share (one path, or one per XOR share) and the pad each hop used.</summary>
/// <param name="Key">The relayed key's ID.</param>
/// <param name="Paths">The path of each share, origin first (one entry for single-path relay).</param>
/// <param name="PadBitsPerHop">
/// Link key one hop consumes, in bits: the share (as long as the key) plus the Wegman-Carter tag pad
/// (<see cref="RelayEndpoint.PadBytes"/>), the same on every hop.
/// </param>
public sealed record RelayedKeyRoute(KeyId Key, IReadOnlyList<RelayPath> Paths, int PadBitsPerHop)
{
    /// <summary>Hops over all paths.</summary>
    public int Hops => Paths.Sum(p => p.Hops);

    /// <summary>Link key the key cost over all paths and hops, in bits.</summary>
    public long LinkKeyBits => (long)Hops * PadBitsPerHop;
}
