namespace QkdNet.Services.KeyDelivery;

/// <summary>Why a call to the KME gave no result.</summary>
public enum KeyDeliveryErrorKind
{
    /// <summary>400: the request broke the KME's rules (a bad size, an unknown SAE or key ID).</summary>
    BadRequest,

    /// <summary>401: the KME does not know the caller's certificate for this request.</summary>
    Unauthorized,

    /// <summary>503: the KME cannot serve now (sealed, too little key, peer down); nothing was handed out.</summary>
    Unavailable,

    /// <summary>Another HTTP status, which ETSI GS QKD 014 does not define.</summary>
    UnexpectedStatus,

    /// <summary>No answer: connection refused, TLS handshake failed (also when the server is not the KME meant), timeout.</summary>
    Transport,

    /// <summary>A 200 whose body is not what was asked for (unparsable, wrong count, size or key IDs).</summary>
    InvalidResponse,
}
