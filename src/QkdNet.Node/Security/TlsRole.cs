namespace QkdNet.Node.Security;

/// <summary>
/// The side of a TLS handshake a certificate is presented on, and so the extended key usage (RFC 5280, 4.2.1.12)
/// it must carry: a certificate issued for one side only must not be accepted on the other.
/// </summary>
public enum TlsRole
{
    /// <summary>Presented by a client (an SAE, an admin, a KME calling a peer or the controller): needs <c>id-kp-clientAuth</c>.</summary>
    Client,

    /// <summary>Presented by a server (a KME or the controller answering): needs <c>id-kp-serverAuth</c>.</summary>
    Server,
}
