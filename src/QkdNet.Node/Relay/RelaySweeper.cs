using Microsoft.Extensions.Hosting;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Relay;

/// <summary>Abandons incomplete multipath relays once per relay timeout (on the injected clock), so partial shares never linger.</summary>
public sealed class RelaySweeper(KeyRelay relay, NodeSettings settings, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Network?.Timeout ?? TimeSpan.FromSeconds(5), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                relay.SweepAbandoned();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
