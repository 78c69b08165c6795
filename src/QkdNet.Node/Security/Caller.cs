using QkdNet.KeyManagement;

namespace QkdNet.Node.Security;

/// <summary>Who is calling, from the client certificate (already chained to the CA by the TLS handshake).</summary>
/// <param name="Kind">What the certificate names.</param>
/// <param name="Name">The certificate's common name.</param>
public readonly record struct Caller(CallerKind Kind, string Name)
{
    /// <summary>The SAE ID when <see cref="Kind"/> is <see cref="CallerKind.LocalSae"/>.</summary>
    public SaeId Sae => Kind == CallerKind.LocalSae ? SaeId.Create(Name) : default;

    /// <summary>The KME ID when <see cref="Kind"/> is <see cref="CallerKind.PeerKme"/>.</summary>
    public KmeId Kme => Kind == CallerKind.PeerKme ? KmeId.Create(Name) : default;
}

/// <summary>The roles a client certificate can have at a KME.</summary>
public enum CallerKind
{
    /// <summary>No certificate, or a name (or pinned thumbprint) this node does not know.</summary>
    Unknown = 0,

    /// <summary>An SAE attached to this KME: may call the ETSI 014 routes.</summary>
    LocalSae,

    /// <summary>A neighbouring KME: may call the Kx routes.</summary>
    PeerKme,

    /// <summary>An operator: may call the admin routes.</summary>
    Admin,
}
