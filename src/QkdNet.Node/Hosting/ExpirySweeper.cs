using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Hosting;

/// <summary>Destroys expired reservations every <see cref="StoreSettings.SweepInterval"/> on the injected clock (while unsealed).</summary>
public sealed partial class ExpirySweeper(IKeyStore store, StoreSettings settings, TimeProvider time, ILogger<ExpirySweeper> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (store.IsSealed)
                {
                    continue;
                }

                Result<int, KeyStoreFailure> swept = await store.SweepExpiredAsync(stoppingToken).ConfigureAwait(false);
                if (swept.IsSuccess && swept.Value > 0)
                {
                    LogSwept(logger, swept.Value);
                }
                else if (swept.Error is { Code: not KeyStoreError.Sealed } failure)
                {
                    LogSweepFailed(logger, failure.Code.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Destroyed {Count} expired keys.")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The expiry sweep failed ({Error}); it runs again next interval.")]
    private static partial void LogSweepFailed(ILogger logger, string error);
}
