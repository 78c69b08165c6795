namespace QkdNet.Cli.Trade;

/// <summary>
/// A link that runs a fault at one point of the flow: when order <paramref name="atOrder"/> (counted from the flow's
/// start, warm-up included) goes out, <paramref name="fault"/> runs in the background, so the send that triggers it
/// is not held up. Everything else is the inner link's.
/// </summary>
internal sealed class FaultDrillLink(IOrderLink inner, long atOrder, Action fault) : IOrderLink
{
    private int _fired;

    public string Name => inner.Name;

    /// <summary>Completes once the fault has run (never, if the flow does not reach it).</summary>
    public Task Fired { get; private set; } = Task.CompletedTask;

    public Task StartAsync(Action<long> answered, CancellationToken cancellationToken) => inner.StartAsync(answered, cancellationToken);

    public ValueTask<bool> SendAsync(long number, ReadOnlyMemory<byte> order, CancellationToken cancellationToken)
    {
        if (number >= atOrder && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            Fired = Task.Run(fault, CancellationToken.None);
        }

        return inner.SendAsync(number, order, cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
