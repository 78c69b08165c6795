using QkdNet.Development.Statistics;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Statistics;
using QkdNet.Node.Tests.Cloud;

namespace QkdNet.Node.Tests.Statistics;

/// <summary>One development statistics service for a test class: two KMEs, three share servers and three
/// <c>qkdnet cloud stats-server</c> processes on loopback (t = 1).</summary>
public sealed class StatisticsFixture : IAsyncLifetime
{
    public StatisticsDevelopment Run { get; private set; } = null!;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "qkdnet-stats-tests-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync() =>
        Run = await StatisticsDevelopment.StartAsync(Directory, 3, 1, CloudFixture.Cli, TimeSpan.FromMinutes(4), SealSetup.MinPbkdf2Iterations);

    public Task DisposeAsync()
    {
        Run?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a child still closing a file; the OS cleans the temp folder
        }

        return Task.CompletedTask;
    }
}
