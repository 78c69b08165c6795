using QkdNet.Node.Hosting;

namespace QkdNet.Node.Statistics;

/// <summary>The JSON of a statistics server's configuration, as written (snake_case); checked into <see cref="StatisticsServerSettings"/>.</summary>
internal sealed record StatisticsServerConfigFile
{
    public string? Name { get; init; }

    public string? Listen { get; init; }

    public ServiceTlsSection? Tls { get; init; }

    public ServiceKmeSection? Kme { get; init; }

    /// <summary>"qkd" (default) or "development".</summary>
    public string? PairwiseKeys { get; init; }

    public List<ServerFile>? Servers { get; init; }

    public int? Threshold { get; init; }

    public string? Data { get; init; }

    public string? Policy { get; init; }

    public int? MinimumGroupSize { get; init; }

    public double? RoundTimeoutSeconds { get; init; }

    public string? LogLevel { get; init; }

    /// <summary>A folder where the server keeps every peer message it receives (testing the view; never in production).</summary>
    public string? RecordPeerMessages { get; init; }

    internal sealed record ServerFile
    {
        public string? Name { get; init; }

        public string? Url { get; init; }
    }
}
