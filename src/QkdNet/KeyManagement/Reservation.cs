namespace QkdNet.KeyManagement;

/// <summary>
/// The result of <see cref="IKeyStore.ReserveAsync"/>: the keys for the master SAE, and the descriptor
/// to send to the peer KME before answering the master.
/// </summary>
/// <param name="Keys">The keys, durable and consumed from the pool.</param>
/// <param name="Descriptor">The bookkeeping the peer imports (no key bytes).</param>
public sealed record Reservation(IReadOnlyList<DeliveredKey> Keys, ReservationDescriptor Descriptor);
