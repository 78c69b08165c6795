namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// The background task behind both key buffers: runs one pass, then waits the poll interval on the injected clock,
/// or less when woken; after a failed pass it waits the whole retry delay, woken or not. Passes never overlap.
/// </summary>
internal sealed class RefillLoop(Func<CancellationToken, Task<bool>> pass, TimeProvider time, TimeSpan pollInterval, TimeSpan retryDelay)
{
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _running;

    /// <summary>Starts the loop; a second call does nothing.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _running, Task.CompletedTask, null) is null)
        {
            _running = Task.Run(RunAsync);
        }
    }

    /// <summary>Cuts the current wait short (cheap; safe from any thread).</summary>
    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Stops the loop and waits for the pass in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _running) is { } running)
        {
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the stop we asked for
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        CancellationToken token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            TaskCompletionSource wake = Volatile.Read(ref _wake);
            bool ok = await pass(token).ConfigureAwait(false);
            if (!ok)
            {
                // deaf to wakes: a taker polling an empty buffer must not turn a KME outage into a storm of requests
                await Task.Delay(retryDelay, time, token).ConfigureAwait(false);
                continue;
            }

            using var delay = CancellationTokenSource.CreateLinkedTokenSource(token);
            Task timer = Task.Delay(pollInterval, time, delay.Token);
            await Task.WhenAny(wake.Task, timer).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
            }
        }
    }
}
