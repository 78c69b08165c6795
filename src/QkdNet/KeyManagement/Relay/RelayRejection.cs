namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// A refused relay message, for the audit log and the caller: the reason, a sentence of detail and
/// the relay's ID when it was readable. Never carries key or pad bytes.
/// </summary>
/// <param name="Reason">The category.</param>
/// <param name="Detail">What exactly was wrong (IDs and numbers only).</param>
/// <param name="RelayId">The relay ID, or null when the message was too damaged to read it.</param>
public sealed record RelayRejection(RelayRejectionReason Reason, string Detail, Guid? RelayId = null)
{
    /// <inheritdoc />
    public override string ToString() => RelayId is Guid id ? $"{Reason} (relay {id}): {Detail}" : $"{Reason}: {Detail}";
}
