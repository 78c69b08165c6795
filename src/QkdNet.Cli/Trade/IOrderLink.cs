namespace QkdNet.Cli.Trade;

/// <summary>
/// An investor-to-broker connection the harness drives: orders go out with <see cref="SendAsync"/>, and every
/// execution report that comes back is handed to the callback given to <see cref="StartAsync"/> with its order
/// number. The broker end answers with the same <see cref="Services.Trading.Session.BrokerDesk"/> in every link.
/// </summary>
internal interface IOrderLink : IAsyncDisposable
{
    /// <summary>The name in the report (<c>otp</c>, <c>plain_tcp</c>, <c>tls13</c>, <c>aes_gcm_qkd</c>).</summary>
    string Name { get; }

    /// <summary>Starts both ends and connects them; <paramref name="answered"/> gets each report's order number (on the receiving thread).</summary>
    Task StartAsync(Action<long> answered, CancellationToken cancellationToken);

    /// <summary>Sends order <paramref name="number"/>; false when it could not go out.</summary>
    ValueTask<bool> SendAsync(long number, ReadOnlyMemory<byte> order, CancellationToken cancellationToken);
}
