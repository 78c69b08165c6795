using QkdNet.Services.Cloud.Password;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Cloud.Password.Support;

/// <summary>n real in-process share servers, each with its own record store, rate limiter and audit sink, on one hand-moved clock.</summary>
public sealed class ShareServerCluster : IDisposable
{
    public ShareServerCluster(int count, GuessLimiterOptions? limits = null)
    {
        for (int i = 0; i < count; i++)
        {
            var store = new InMemoryOprfRecordStore();
            var limiter = new ExponentialBackoffGuessLimiter(Time, limits);
            var audit = new InMemoryOprfAuditSink();
            Stores.Add(store);
            Limiters.Add(limiter);
            Audits.Add(audit);
            Servers.Add(new OprfKeyShareServer(store, limiter, audit, Time));
        }
    }

    public FakeTimeProvider Time { get; } = new();

    public List<OprfKeyShareServer> Servers { get; } = [];

    public List<InMemoryOprfRecordStore> Stores { get; } = [];

    public List<ExponentialBackoffGuessLimiter> Limiters { get; } = [];

    public List<InMemoryOprfAuditSink> Audits { get; } = [];

    /// <summary>Connections named server-1 .. server-n; <paramref name="wrap"/> may put a fault in front of a server.</summary>
    public List<OprfServerConnection> Connections(Func<int, IOprfServer, IOprfServer>? wrap = null) =>
        [.. Servers.Select((s, i) => new OprfServerConnection($"server-{i + 1}", wrap is null ? s : wrap(i, s)))];

    public PasswordRestoreClient Client(int threshold, Func<int, IOprfServer, IOprfServer>? wrap = null) =>
        PasswordRestoreClient.Create(Connections(wrap), threshold).Value;

    public void Dispose()
    {
        foreach (var store in Stores)
        {
            store.Dispose();
        }
    }
}
