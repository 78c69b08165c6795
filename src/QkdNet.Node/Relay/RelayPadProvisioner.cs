using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement.Relay;

namespace QkdNet.Node.Relay;

/// <summary>
/// Provisions relay pads towards every neighbour at start-up (<see cref="KeyRelay.ProvisionNeighboursAsync"/>),
/// retrying every <see cref="RetryInterval"/> on the injected clock until each neighbour has some: a link's pool fills
/// only as its source distils key, and a neighbour may start later. Stops once all are stocked; later batches are
/// refilled by the relays themselves as the stock runs low.
/// </summary>
public sealed partial class RelayPadProvisioner(KeyRelay relay, TimeProvider time, ILogger<RelayPadProvisioner> logger) : BackgroundService
{
    /// <summary>How long to wait between tries.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RetryInterval, time);
        try
        {
            do
            {
                if (await relay.ProvisionNeighboursAsync().ConfigureAwait(false))
                {
                    LogProvisioned(logger);
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay pads provisioned towards every neighbour.")]
    private static partial void LogProvisioned(ILogger logger);
}
