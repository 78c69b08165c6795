namespace QkdNet.KeyManagement.Relay;

/// <summary>What became of one received hop or pad batch at a node (<see cref="KeyRelay.ReceiveAsync"/>); the host maps it to its transport's status.</summary>
/// <param name="Status">The kind of outcome.</param>
/// <param name="Detail">Why it failed (IDs and reasons only), or null.</param>
/// <param name="Pads">Pads taken, for a pad batch.</param>
/// <param name="Confirmation">With <see cref="RelayHopStatus.Stored"/> for a relay hop: the destination's key-confirmation tag (<see cref="RelayConfirmation"/>), passed back unchanged along the path.</param>
public readonly record struct RelayHopOutcome(RelayHopStatus Status, string? Detail, int Pads = 0, ulong? Confirmation = null)
{
    /// <summary>True for <see cref="RelayHopStatus.Stored"/> and <see cref="RelayHopStatus.Pending"/>.</summary>
    public bool IsSuccess => Status is RelayHopStatus.Stored or RelayHopStatus.Pending;

    /// <summary>The key is stored at the destination, which confirms it with <paramref name="confirmation"/>.</summary>
    public static RelayHopOutcome Stored(ulong? confirmation) => new(RelayHopStatus.Stored, null, 0, confirmation);

    /// <summary>The share is held at the destination until the others arrive.</summary>
    public static RelayHopOutcome Pending => new(RelayHopStatus.Pending, null);

    /// <summary>A pad batch taken: <paramref name="pads"/> pads now held.</summary>
    public static RelayHopOutcome PadsTaken(int pads) => new(RelayHopStatus.Stored, null, pads);

    /// <summary>A failure.</summary>
    public static RelayHopOutcome Fail(RelayHopStatus status, string detail) => new(status, detail);
}
