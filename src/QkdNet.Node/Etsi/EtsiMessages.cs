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

    /// <summary>A key ID that is not (or no longer) held for the caller (400).</summary>
    public const string KeyNotFound = "key not found";

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
