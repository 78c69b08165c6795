namespace QkdNet.Services.KeyDelivery;

/// <summary>A failed call to the KME, as a value.</summary>
/// <param name="Kind">The class of failure.</param>
/// <param name="StatusCode">The HTTP status, or null when there was no answer.</param>
/// <param name="Message">The KME's <c>message</c> (ETSI 014 clause 6.5), or our description when the KME gave none.</param>
/// <param name="Details">The KME's <c>details</c> as JSON text, or null.</param>
public sealed record KeyDeliveryError(KeyDeliveryErrorKind Kind, int? StatusCode, string Message, string? Details = null)
{
    /// <summary>Whether ETSI 014 makes repeating the same request safe after this error: the KME said 503, so nothing was handed out.</summary>
    public bool KmeHandedNothingOut => Kind == KeyDeliveryErrorKind.Unavailable;
}
