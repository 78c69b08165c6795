namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// The background task behind both key buffers: runs one pass, then waits the poll interval (or the retry delay
/// after a failed pass) on the injected clock, or less when woken. Passes never overlap.
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
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(token);
            Task timer = Task.Delay(ok ? pollInterval : retryDelay, time, delay.Token);
            await Task.WhenAny(wake.Task, timer).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
            }
        }
    }
}
