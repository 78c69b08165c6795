using Microsoft.Extensions.Hosting;

namespace QkdNet.Node.Controller;

/// <summary>Every few seconds (injected clock), degrades links whose nodes stopped reporting and raises a warning (<see cref="Control.Health.LinkHealthMonitor.CheckStale"/>).</summary>
public sealed class StaleLinkChecker(ControllerState state, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                state.Monitor.CheckStale();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
