using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Tests.Services.KeyDelivery;

public sealed class KmeConnectionTests : IDisposable
{
    private readonly string _caPem = Path.Combine(Path.GetTempPath(), "qkdnet-kme-connection-" + Guid.NewGuid().ToString("N") + ".crt");

    public KmeConnectionTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 ca = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        File.WriteAllText(_caPem, ca.ExportCertificatePem());
    }

    [Theory]
    [InlineData("https://kme.example:8443/qkd", "https://kme.example:8443/qkd/api/v1/keys/sae-b1/status")]
    [InlineData("https://kme.example:8443/qkd/", "https://kme.example:8443/qkd/api/v1/keys/sae-b1/status")]
    [InlineData("https://kme.example:8443", "https://kme.example:8443/api/v1/keys/sae-b1/status")]
    public void CreateHttpClient_BaseUrlWithOrWithoutTrailingSlash_KeepsItsPath(string baseUrl, string statusUrl)
    {
        var connection = new KmeConnection(new Uri(baseUrl), _caPem, null, null, "A");

        using HttpClient http = connection.CreateHttpClient();

        Assert.Equal(new Uri(statusUrl), new Uri(http.BaseAddress!, "api/v1/keys/sae-b1/status"));
    }

    public void Dispose() => File.Delete(_caPem);
}
