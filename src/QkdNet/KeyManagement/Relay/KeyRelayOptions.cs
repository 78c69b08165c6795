namespace QkdNet.KeyManagement.Relay;

/// <summary>What one KME's <see cref="KeyRelay"/> needs to know about itself; the host fills it from its configuration.</summary>
public sealed record KeyRelayOptions
{
    /// <summary>This KME.</summary>
    public required KmeId Self { get; init; }

    /// <summary>The link to each neighbouring KME (the only nodes a hop may come from or go to).</summary>
    public required IReadOnlyDictionary<KmeId, LinkId> Neighbours { get; init; }

    /// <summary>The SAEs attached here: a relay that ends here must name only these as slaves.</summary>
    public required IReadOnlySet<SaeId> LocalSaes { get; init; }

    /// <summary>1: single-path relay; 2 to 8: the key is split into that many XOR shares over node-disjoint paths.</summary>
    public int Paths { get; init; } = 1;

    /// <summary>
    /// How long one relay may take end to end: also how long a destination waits for missing shares, and how long a
    /// hop waits for its link direction to be free.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a relayed key waits at its destination for <c>dec_keys</c> before it expires (the store's reservation lifetime).</summary>
    public TimeSpan KeyLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most slave SAEs one relayed key may name (the store's limit per key).</summary>
    public int MaxSlavesPerKey { get; init; } = 9;

    /// <summary>The key size pads are provisioned for at start-up, in bits (the pools' default key size).</summary>
    public int DefaultKeySizeBits { get; init; } = 256;
}
