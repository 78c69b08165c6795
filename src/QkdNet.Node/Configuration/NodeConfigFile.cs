namespace QkdNet.Node.Configuration;

// The JSON shape of node.json (snake_case). Plain data, checked by NodeConfigLoader into NodeSettings.
#pragma warning disable CA1812 // instantiated by System.Text.Json
internal sealed class NodeConfigFile
{
    public string? KmeId { get; set; }

    public string? Listen { get; set; }

    public string? LogLevel { get; set; }

    public bool? Development { get; set; }

    public StoreSection? Store { get; set; }

    public TlsSection? Tls { get; set; }

    public UnsealSection? Unseal { get; set; }

    public List<SaeSection>? Saes { get; set; }

    public List<System.Text.Json.JsonElement>? Admins { get; set; }

    public List<PeerSection>? Peers { get; set; }

    public List<LinkSection>? Links { get; set; }

    public NetworkSection? Network { get; set; }
}

internal sealed class StoreSection
{
    public string? Kind { get; set; }

    public string? Path { get; set; }

    public string? ConnectionString { get; set; }

    public string? Schema { get; set; }

    public double? ReservationLifetimeSeconds { get; set; }

    public double? SweepIntervalSeconds { get; set; }

    public int? MaxKeysPerRequest { get; set; }

    public int? MaxKeySizeBits { get; set; }

    public int? MaxSaeIdCount { get; set; }

    public int? KeySizeBits { get; set; }

    public long? LowWatermarkBits { get; set; }

    public long? HighWatermarkBits { get; set; }

    public long? CapacityBits { get; set; }
}

internal sealed class TlsSection
{
    public string? Certificate { get; set; }

    public string? Key { get; set; }

    public string? Ca { get; set; }
}

internal sealed class UnsealSection
{
    public string? PassphraseEnv { get; set; }

    public string? PassphraseFile { get; set; }

    public bool? Initialize { get; set; }

    public int? Pbkdf2Iterations { get; set; }

    public int? ShareThreshold { get; set; }

    public int? ShareCount { get; set; }

    public string? SharesOut { get; set; }
}

internal sealed class SaeSection
{
    public string? Id { get; set; }

    public string? CertificateSha256 { get; set; }
}

internal sealed class AdminSection
{
    public string? Name { get; set; }

    public string? CertificateSha256 { get; set; }

    public string? Certificate { get; set; }
}

internal sealed class PeerSection
{
    public string? KmeId { get; set; }

    public string? KxUrl { get; set; }

    public string? CertificateSha256 { get; set; }

    public List<string>? Saes { get; set; }
}

internal sealed class LinkSection
{
    public string? Id { get; set; }

    public string? Peer { get; set; }

    public LinkSourceSection? Source { get; set; }
}

internal sealed class LinkSourceSection
{
    public string? Kind { get; set; }

    public string? Preset { get; set; }

    public double? DistanceKm { get; set; }

    public long? PulsesPerBlock { get; set; }

    public int? BlockBits { get; set; }

    public double? ProbeIntervalSeconds { get; set; }

    // kind etsi014: a QKD device's own ETSI GS QKD 014 API
    public string? KmeUrl { get; set; }

    public string? KmeId { get; set; }

    public string? KmeCertificateSha256 { get; set; }

    public string? Certificate { get; set; }

    public string? Key { get; set; }

    public string? Ca { get; set; }

    public string? MasterSae { get; set; }

    public string? SlaveSae { get; set; }

    public int? KeySizeBits { get; set; }

    public int? Batch { get; set; }

    public double? PollIntervalSeconds { get; set; }
}
#pragma warning restore CA1812
