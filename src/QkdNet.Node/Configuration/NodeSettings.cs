using System.Net;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using Microsoft.Extensions.Logging;

namespace QkdNet.Node.Configuration;

/// <summary>
/// The checked configuration of one node (KME): every identifier parsed, every path absolute.
/// Built by <see cref="NodeConfigLoader"/> from <c>node.json</c>; immutable.
/// </summary>
/// <param name="KmeId">This KME's ID; also the common name of its certificate.</param>
/// <param name="Listen">The loopback or interface address and port Kestrel listens on (HTTPS, HTTP/2 and HTTP/1.1).</param>
/// <param name="LogLevel">Least level written to the console.</param>
/// <param name="Store">The key store.</param>
/// <param name="Tls">Certificate, key and CA bundle.</param>
/// <param name="Unseal">How the store is opened at start.</param>
/// <param name="Saes">The SAEs attached to this KME.</param>
/// <param name="Admins">The operators allowed on the admin routes (unseal by shares, eavesdropper drills), each by name and pinned certificate.</param>
/// <param name="Peers">The neighbouring KMEs.</param>
/// <param name="Links">The QKD links ending here.</param>
public sealed record NodeSettings(
    KmeId KmeId,
    IPEndPoint Listen,
    LogLevel LogLevel,
    StoreSettings Store,
    TlsSettings Tls,
    UnsealSettings Unseal,
    IReadOnlyList<SaeSettings> Saes,
    IReadOnlyList<AdminSettings> Admins,
    IReadOnlyList<PeerSettings> Peers,
    IReadOnlyList<LinkSettings> Links)
{
    /// <summary>The network beyond the direct links, for key relay; null when the node relays nothing.</summary>
    public NetworkSettings? Network { get; init; }

    /// <summary>
    /// Whether the node is marked for development (<c>"development": true</c>): only then may its links deliver
    /// simulated or synthetic key (<see cref="LinkSourceSettings.Origin"/>), and it says so at start and in its status.
    /// </summary>
    public bool Development { get; init; }

    /// <summary>Whether the console logs are JSON, one object a line (<c>qkdnet node --json</c>), instead of text.</summary>
    public bool JsonLogs { get; init; }
}

/// <summary>An operator allowed on the admin routes.</summary>
/// <param name="Name">The common name of the operator's client certificate.</param>
/// <param name="CertificateSha256">The SHA-256 thumbprint (hex, upper case) that certificate must have: a name alone is not enough, since any certificate of the CA could carry it.</param>
public sealed record AdminSettings(string Name, string CertificateSha256);

/// <summary>The key store of a node: SQLite at <paramref name="Path"/> (the default), or PostgreSQL when <see cref="Postgres"/> is set.</summary>
/// <param name="Path">The SQLite file (empty for a PostgreSQL store).</param>
/// <param name="ReservationLifetime">How long keys reserved by <c>enc_keys</c> wait for <c>dec_keys</c>.</param>
/// <param name="SweepInterval">How often expired keys are destroyed.</param>
/// <param name="MaxKeysPerRequest">ETSI <c>max_key_per_request</c>.</param>
/// <param name="MaxKeySizeBits">ETSI <c>max_key_size</c>, in bits.</param>
/// <param name="MaxSaeIdCount">ETSI <c>max_SAE_ID_count</c>: most additional slave SAEs per request.</param>
/// <param name="Pool">Every pool's sizing, in bits.</param>
public sealed record StoreSettings(string Path, TimeSpan ReservationLifetime, TimeSpan SweepInterval, int MaxKeysPerRequest, int MaxKeySizeBits, int MaxSaeIdCount, PoolOptions Pool)
{
    /// <summary>The PostgreSQL store to use instead of the SQLite file; null for SQLite.</summary>
    public PostgresStoreSettings? Postgres { get; init; }
}

/// <summary>A key store on PostgreSQL (<c>"store": {"kind": "postgres", ...}</c>).</summary>
/// <param name="ConnectionString">Npgsql connection string; a secret when it holds a password, so never logged.</param>
/// <param name="Schema">This node's schema (default <c>qkdnet_</c> + the KME ID in lower case, <c>-</c> and <c>.</c> as <c>_</c>).</param>
public sealed record PostgresStoreSettings(string ConnectionString, string Schema)
{
    /// <summary>The schema name without the connection string (which may hold a password).</summary>
    public override string ToString() => $"PostgresStoreSettings {{ Schema = {Schema} }}";
}

/// <summary>PEM files of the node's TLS identity.</summary>
/// <param name="CertificatePath">The node certificate (common name = KME ID).</param>
/// <param name="KeyPath">Its private key (PKCS#8 PEM).</param>
/// <param name="CaPath">The CA certificate(s) every client and peer certificate must chain to.</param>
public sealed record TlsSettings(string CertificatePath, string KeyPath, string CaPath);

/// <summary>How the node opens its store at start.</summary>
/// <param name="PassphraseEnv">Environment variable holding the passphrase, or null.</param>
/// <param name="PassphraseFile">File holding the passphrase (first line), or null.</param>
/// <param name="Initialize">Whether a new store gets a master key at first start (needs a passphrase).</param>
/// <param name="Pbkdf2Iterations">PBKDF2 iterations for a new master key.</param>
/// <param name="ShareThreshold">Unseal shares needed (t), 0 for none.</param>
/// <param name="ShareCount">Unseal shares made at initialisation (n), 0 for none.</param>
/// <param name="SharesOut">File the shares are written to at initialisation (mode 600), or null.</param>
public sealed record UnsealSettings(string? PassphraseEnv, string? PassphraseFile, bool Initialize, int Pbkdf2Iterations, int ShareThreshold, int ShareCount, string? SharesOut);

/// <summary>An SAE attached to this KME.</summary>
/// <param name="Id">The SAE ID: the common name of its client certificate.</param>
/// <param name="CertificateSha256">When set, the client certificate's SHA-256 thumbprint must match too (hex).</param>
public sealed record SaeSettings(SaeId Id, string? CertificateSha256);

/// <summary>A neighbouring KME.</summary>
/// <param name="Id">Its KME ID: the common name of its certificate.</param>
/// <param name="KxUrl">The base URL of its Kx routes (HTTPS).</param>
/// <param name="CertificateSha256">When set, its certificate's SHA-256 thumbprint must match too (hex).</param>
/// <param name="Saes">The SAEs attached to it (slaves this node's SAEs may ask keys for).</param>
public sealed record PeerSettings(KmeId Id, Uri KxUrl, string? CertificateSha256, IReadOnlyList<SaeId> Saes);

/// <summary>A QKD link from this KME to a peer.</summary>
/// <param name="Id">The link ID (the same in both nodes' configuration).</param>
/// <param name="Peer">The KME at the other end.</param>
/// <param name="Source">Where its key blocks come from.</param>
public sealed record LinkSettings(LinkId Id, KmeId Peer, LinkSourceSettings Source)
{
    /// <summary>
    /// The link's QBER threshold (fraction): the <c>qberThreshold</c> of the link in the node's network topology, or
    /// <see cref="Control.Topology.TopologyLink.DefaultQberThreshold"/> without one. Post-processing aborts a block
    /// above it, as the controller quarantines the link above it.
    /// </summary>
    public double QberThreshold { get; init; } = Control.Topology.TopologyLink.DefaultQberThreshold;
}

/// <summary>The key-block source of a link.</summary>
/// <param name="Kind"><c>simulated</c> (decoy BB84 Monte-Carlo + post-processing), <c>random</c> (a development stand-in: uniform random blocks, no physics) or <c>etsi014</c> (a QKD device's own ETSI 014 API, <see cref="Device"/>).</param>
/// <param name="Preset">The physics preset of a simulated link (<c>gys</c>).</param>
/// <param name="DistanceKm">Fibre length of a simulated link, in km.</param>
/// <param name="PulsesPerBlock">Pulses per post-processing block of a simulated link (0: the recommended size).</param>
/// <param name="BlockBits">Bits per block of a random source.</param>
public sealed record LinkSourceSettings(LinkSourceKind Kind, string Preset, double DistanceKm, long PulsesPerBlock, int BlockBits)
{
    /// <summary>
    /// Where the key of this source comes from: <c>etsi014</c> from a QKD device (the node takes the device's word for
    /// it, as it takes its ETSI 014 answers), <c>simulated</c> from the BB84 simulation, <c>random</c> from no QKD at all.
    /// </summary>
    public Quantum.KeyOrigin Origin => Kind switch
    {
        LinkSourceKind.Etsi014 => Quantum.KeyOrigin.Quantum,
        LinkSourceKind.Simulated => Quantum.KeyOrigin.Simulated,
        _ => Quantum.KeyOrigin.Synthetic,
    };

    /// <summary>The QKD device behind an <c>etsi014</c> source; null for the other kinds.</summary>
    public DeviceSourceSettings? Device { get; init; }

    /// <summary>
    /// The default <see cref="ProbeInterval"/>: 10 s, a third of the controller's default silence limit (30 s), so an
    /// idle healthy link never raises a false no-samples alarm; a simulated block of the recommended size costs one to
    /// two seconds of one core.
    /// </summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(10);

    /// <summary>How often a block runs when both pools are full, only to measure the link (<c>probe_interval_seconds</c>).</summary>
    public TimeSpan ProbeInterval { get; init; } = DefaultProbeInterval;
}

/// <summary>
/// A link source that is a QKD device's own ETSI GS QKD 014 API (<c>"kind": "etsi014"</c>): this node is an SAE of
/// its device's KME. The link's master node (the lower KME ID, see <see cref="KeyManagement.Pools.LinkPools.RunsSource"/>) calls
/// <c>enc_keys</c> as <see cref="MasterSae"/> for <see cref="SlaveSae"/>; its peer calls <c>dec_keys</c> as
/// <see cref="SlaveSae"/> at its own device with the key IDs the master announced over Kx. Both nodes' files name
/// the same two SAEs; each names its own device, certificate and key. Only the master's file gives the batch shape
/// (<c>key_size_bits</c>, <c>batch</c>): the slave takes it from each announcement (<see cref="TakesAnnouncedShape"/>),
/// so the two ends cannot disagree.
/// </summary>
/// <param name="Connection">The device KME's URL, the expected KME ID (and pin) of its certificate, and this node's PEM identity there.</param>
/// <param name="MasterSae">The SAE ID the master node has at its device.</param>
/// <param name="SlaveSae">The SAE ID the other node has at its device.</param>
/// <param name="KeySizeBits">Bits per device key (ETSI <c>size</c>), a multiple of 8; 0 on the slave end.</param>
/// <param name="Batch">Keys per <c>enc_keys</c> request (ETSI <c>number</c>); one batch becomes one pool block of <c>KeySizeBits × Batch</c> bits; 0 on the slave end.</param>
/// <param name="PollInterval">The first back-off after the device refused or did not answer; it doubles per failure in a row, up to 32 times.</param>
public sealed record DeviceSourceSettings(
    Services.KeyDelivery.KmeConnection Connection, SaeId MasterSae, SaeId SlaveSae, int KeySizeBits, int Batch, TimeSpan PollInterval)
{
    /// <summary>Bits per pool block: one batch of keys (0 on the slave end, whose blocks are as the master announces).</summary>
    public int BlockBits => KeySizeBits * Batch;

    /// <summary>The slave end: no shape of its own; each batch is as the master's announcement says.</summary>
    public bool TakesAnnouncedShape => KeySizeBits == 0;

    /// <summary>The slave end's settings: the two SAEs, its device and back-off, and no batch shape.</summary>
    public static DeviceSourceSettings Slave(Services.KeyDelivery.KmeConnection connection, SaeId masterSae, SaeId slaveSae, TimeSpan pollInterval) =>
        new(connection, masterSae, slaveSae, 0, 0, pollInterval);
}
