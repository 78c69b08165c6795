using QkdNet.Node.Hosting;

namespace QkdNet.Node.Cloud;

/// <summary>The JSON of <c>share-server.json</c>, as written (snake_case); checked into <see cref="ShareServerSettings"/>.</summary>
internal sealed record ShareServerConfigFile
{
    public string? Name { get; init; }

    public string? Listen { get; init; }

    public ServiceTlsSection? Tls { get; init; }

    public ServiceKmeSection? Kme { get; init; }

    public StoreFile? Store { get; init; }

    public string? Policy { get; init; }

    public long? MaxShareBytes { get; init; }

    public int? OtpMaxBytes { get; init; }

    public string? LogLevel { get; init; }

    internal sealed record StoreFile
    {
        public string? Path { get; init; }

        /// <summary>A quota on the SQLite file, in bytes (<c>max_bytes</c>); past it a put is refused as on a full disk.</summary>
        public long? MaxBytes { get; init; }

        public PostgresFile? Postgres { get; init; }
    }

    internal sealed record PostgresFile
    {
        public string? ConnectionString { get; init; }

        public string? Schema { get; init; }
    }
}
