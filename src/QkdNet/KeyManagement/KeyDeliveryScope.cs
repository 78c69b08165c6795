namespace QkdNet.KeyManagement;

/// <summary>Where the slave SAEs of a reservation fetch their keys (<c>dec_keys</c>).</summary>
public enum KeyDeliveryScope
{
    /// <summary>
    /// From the peer KME at the other end of the link, after it imports the reservation. This node keeps
    /// only the bookkeeping (no material), so the slave role can never be served here as well.
    /// </summary>
    Remote = 0,

    /// <summary>From this same KME (master and slave SAEs attached to one node); this node keeps the material, encrypted, until fetched or expired.</summary>
    Local = 1,
}
