using QkdNet.Node.Hosting;

namespace QkdNet.Node.Cloud;

/// <summary>The JSON of a cloud client configuration, as written (snake_case).</summary>
internal sealed record CloudClientConfigFile
{
    public string? Owner { get; init; }

    public string? Certificate { get; init; }

    public string? Key { get; init; }

    public string? Ca { get; init; }

    public ServiceKmeSection? Kme { get; init; }

    public ServerFile[]? Servers { get; init; }

    public string? Map { get; init; }

    public int? OtpMaxBytes { get; init; }

    public int? OtpKeyBits { get; init; }

    public int? SegmentBytes { get; init; }

    public long? RekeyBytes { get; init; }

    internal sealed record ServerFile
    {
        public string? Name { get; init; }

        public string? Url { get; init; }
    }
}
