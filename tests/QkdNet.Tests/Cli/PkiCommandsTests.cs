using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace QkdNet.Tests.Cli;

public sealed class PkiCommandsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "qkdnet-pki-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Init_WithAdmin_PrintsTheAdminEntryPinnedToItsCertificate()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("pki", "init", "--out", _folder, "--kme", "A", "--sae", "sae-a1", "--admin", "ops");
        Assert.True(code == 0, stderr);
        string line = stdout.Split('\n').Single(l => l.StartsWith("admin ops: ", StringComparison.Ordinal));
        using JsonDocument entry = JsonDocument.Parse(line["admin ops: ".Length..]);
        using X509Certificate2 ops = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_folder, "ops.crt"));
        Assert.Equal("ops", entry.RootElement.GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexString(ops.GetCertHash(HashAlgorithmName.SHA256)), entry.RootElement.GetProperty("certificate_sha256").GetString());
    }
}
