namespace QkdNet.Node.Hosting;

/// <summary>The <c>tls</c> section every service's configuration file has, as written: three PEM file paths.</summary>
internal sealed record ServiceTlsSection
{
    public string? Certificate { get; init; }

    public string? Key { get; init; }

    public string? Ca { get; init; }
}

/// <summary>The <c>kme</c> section of a service that is an SAE of a KME, as written: its URL and KME ID.</summary>
internal sealed record ServiceKmeSection
{
    public string? Url { get; init; }

    public string? KmeId { get; init; }
}
