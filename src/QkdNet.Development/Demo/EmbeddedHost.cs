using Microsoft.AspNetCore.Builder;
using QkdNet.Node.Hosting;

namespace QkdNet.Development.Demo;

/// <summary>One server of an <see cref="EmbeddedNetwork"/>: a web application in this process, or a <c>qkdnet</c> child process.</summary>
internal abstract class EmbeddedHost : IAsyncDisposable
{
    /// <summary>Its name: a node's KME ID, <c>controller</c>, or a share server's name.</summary>
    public abstract string Name { get; }

    /// <summary>Whether it runs.</summary>
    public abstract bool Running { get; }

    /// <summary>Everything it logged so far (kept in memory).</summary>
    public abstract string Output { get; }

    /// <summary>Starts it (again, on the same store).</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops it: a graceful stop in this process, SIGKILL for a process.</summary>
    public abstract Task StopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>A web application built by <c>build</c> with its logs captured in memory.</summary>
    internal sealed class InProcess(string name, Func<CapturedLogs, Task<WebApplication>> build) : EmbeddedHost
    {
        private readonly CapturedLogs _logs = new();
        private WebApplication? _app;

        public override string Name => name;

        public override bool Running => _app is not null;

        public override string Output => _logs.Text;

        public override async Task StartAsync(CancellationToken cancellationToken)
        {
            WebApplication app = await build(_logs).ConfigureAwait(false);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _app = app;
        }

        public override async Task StopAsync()
        {
            if (Interlocked.Exchange(ref _app, null) is { } app)
            {
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await app.StopAsync(patience.Token).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A <c>qkdnet</c> child process (<c>node</c>, <c>controller</c> or <c>share-server</c>) with its output captured.</summary>
    internal sealed class Child(string name, string cli, IReadOnlyList<string> arguments) : EmbeddedHost
    {
        private NodeProcess? _process;
        private string _earlier = string.Empty;

        public override string Name => name;

        public override bool Running => _process is { HasExited: false };

        public override string Output => _earlier + (_process?.Output ?? string.Empty);

        public override Task StartAsync(CancellationToken cancellationToken)
        {
            _process = NodeProcess.StartCommand(cli, arguments);
            return Task.CompletedTask;
        }

        public override Task StopAsync()
        {
            if (Interlocked.Exchange(ref _process, null) is { } process)
            {
                process.Dispose();
                _earlier += process.Output;
            }

            return Task.CompletedTask;
        }
    }
}
