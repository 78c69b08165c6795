using QkdNet.Services.Cloud.Transport;

namespace QkdNet.Node.Cloud;

/// <summary>A checked cloud client configuration; paths absolute.</summary>
/// <param name="Owner">The owner's name: certificate common name and SAE ID at the KME.</param>
/// <param name="CertificatePath">The owner's certificate (PEM).</param>
/// <param name="KeyPath">Its key (PEM).</param>
/// <param name="CaPath">The CA bundle.</param>
/// <param name="KmeUrl">The owner's KME.</param>
/// <param name="KmeId">Its ID.</param>
/// <param name="Servers">The data servers, by name and URL, in order of placement.</param>
/// <param name="MapPath">The owner's map file.</param>
/// <param name="Protection">How shares are sealed in transit.</param>
public sealed record CloudClientSettings(string Owner, string CertificatePath, string KeyPath, string CaPath, Uri KmeUrl, string KmeId,
    IReadOnlyList<(string Name, Uri Url)> Servers, string MapPath, ShareProtectionSettings Protection);
