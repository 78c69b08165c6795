namespace QkdNet.Node.Etsi;

/// <summary>
/// The <c>message</c> texts of the ETSI error body. Where GS QKD 014 V1.1.1 gives a text (clause 6.5 and its
/// examples) it is used verbatim; the others are ours, short and stable so a client may match on them.
/// </summary>
public static class EtsiMessages
{
    /// <summary>Spec text for an <c>extension_mandatory</c> this KME does not support (400).</summary>
    public const string ExtensionMandatoryUnsupported = "not all extension_mandatory parameters are supported";

    /// <summary>A parameter outside what the KME offers (400); the detail names the parameter.</summary>
    public const string ParameterRejected = "requested parameters do not adhere to KME configuration";

    /// <summary>The body is not the JSON object the route expects (400).</summary>
    public const string MalformedRequest = "malformed request";

    /// <summary>A slave or master SAE ID that this KME cannot serve (400).</summary>
    public const string UnknownSae = "unknown SAE ID";

    /// <summary>Spec text for a key ID that is not (or no longer: already delivered) held for the caller (400).</summary>
    public const string KeyNotFound = "one or more keys specified are not found on KME";

    /// <summary>Spec text for a key size that is not a multiple of 8 bits (400).</summary>
    public const string SizeNotMultipleOf8 = "size shall be a multiple of 8";

    /// <summary>The slave SAE ID in the URL is the caller's own: no key is shared with oneself (400).</summary>
    public const string SlaveIsCaller = "slave SAE ID is the caller itself";

    /// <summary>The client certificate names no SAE of this KME, or the caller is not a slave of the key (401).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The store is sealed (503).</summary>
    public const string Sealed = "key store sealed";

    /// <summary>Too little key material for the request (503).</summary>
    public const string KeysExhausted = "keys are being exhausted";

    /// <summary>The peer KME did not confirm the keys; nothing was handed out (503).</summary>
    public const string PeerUnavailable = "peer KME unavailable";

    /// <summary>Any other server-side failure (503).</summary>
    public const string ServerError = "server error";

    /// <summary>A route under /api/v1 this KME does not have, or a method it does not take (400).</summary>
    public const string UnknownRoute = "unknown route or method";
}
