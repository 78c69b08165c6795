namespace QkdNet.Node.Relay;

/// <summary>What became of one hop at the receiving node, as the Kx route answers it.</summary>
/// <param name="StatusCode">200 (stored at the destination), 202 (share held, others missing), 400, 403, 409 or 503.</param>
/// <param name="Detail">Why it failed (IDs and reasons only), or null.</param>
/// <param name="Pads">Pads taken, for a pad batch.</param>
/// <param name="Confirmation">With 200 for a relay hop: the destination's key-confirmation tag (<see cref="KeyManagement.Relay.RelayConfirmation"/>), passed back unchanged along the path.</param>
public readonly record struct RelayHopOutcome(int StatusCode, string? Detail, int Pads = 0, ulong? Confirmation = null)
{
    /// <summary>The status of a hop whose pad keys the receiver does not hold: the two ends' pad stocks disagree (the receiver restarted), so the sender drops its stock.</summary>
    public const int PadsOutOfSync = 412;

    /// <summary>The key is stored at the destination, which confirms it with <paramref name="confirmation"/>.</summary>
    public static RelayHopOutcome Stored(ulong? confirmation) => new(200, null, 0, confirmation);

    /// <summary>The share is held at the destination until the others arrive.</summary>
    public static RelayHopOutcome Pending => new(202, null);

    /// <summary>A failure.</summary>
    public static RelayHopOutcome Fail(int statusCode, string detail) => new(statusCode, detail);
}
