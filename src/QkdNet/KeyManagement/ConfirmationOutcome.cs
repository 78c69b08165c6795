namespace QkdNet.KeyManagement;

/// <summary>Runs the confirmation of <see cref="IKeyStore.ReserveConfirmedAsync"/> and settles its result; shared by every store.</summary>
public static class ConfirmationOutcome
{
    /// <summary>
    /// Runs <paramref name="confirm"/> on <paramref name="descriptor"/>: null when it confirmed, otherwise why not. A
    /// cancellation or an exception of the confirmation is a failure (by its type name only, never its message, which
    /// could carry anything), so the caller always gets an answer.
    /// </summary>
    public static async Task<string?> RunAsync(
        Func<ReservationDescriptor, CancellationToken, Task<string?>> confirm, ReservationDescriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirm);
        try
        {
            return await confirm(descriptor, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return "cancelled";
        }
#pragma warning disable CA1031 // a failing confirmation must spend the keys and answer, never leave them unsettled
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"the confirmation failed ({e.GetType().Name})";
        }
    }

    /// <summary>
    /// The reservation when <paramref name="failure"/> is null; otherwise its keys zeroed (spent, never handed out) and
    /// <see cref="KeyStoreError.NotConfirmed"/>.
    /// </summary>
    public static Result<Reservation, KeyStoreFailure> Settle(Reservation reservation, string? failure)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (failure is null)
        {
            return Result<Reservation, KeyStoreFailure>.Ok(reservation);
        }

        foreach (DeliveredKey key in reservation.Keys)
        {
            key.Material.Dispose();
        }

        return Result<Reservation, KeyStoreFailure>.Fail(new KeyStoreFailure(KeyStoreError.NotConfirmed, $"The peer did not confirm the reservation ({failure}); its keys are spent."));
    }
}
