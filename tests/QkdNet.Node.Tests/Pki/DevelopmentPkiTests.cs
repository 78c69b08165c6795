using System.Text.Json.Nodes;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Development.Pki;

namespace QkdNet.Node.Tests.Pki;

/// <summary>What a development network leaves on disk: owner-only secrets, no CA key among the node files, the production PBKDF2 count.</summary>
public sealed class DevelopmentPkiTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-devpki-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void DevelopmentNetwork_Create_SecretsAreOwnerOnly_AndNoCaKeyIsWritten()
    {
        var network = DevelopmentNetwork.Create(_directory, ["sae-a1"], ["sae-b1"]);

        Assert.Empty(Directory.GetFiles(_directory, "ca.key", SearchOption.AllDirectories));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(_directory));
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(network.Pki));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(_directory, "passphrase")));
            foreach (string key in Directory.GetFiles(network.Pki, "*.key"))
            {
                Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(key));
            }
        }
    }

    [Fact]
    public void DevelopmentNetwork_Create_ByDefault_StoresUseTheProductionPbkdf2Count()
    {
        var network = DevelopmentNetwork.Create(_directory, ["sae-a1"], ["sae-b1"]);

        foreach (string config in new[] { network.ConfigA, network.ConfigB })
        {
            JsonNode unseal = JsonNode.Parse(File.ReadAllText(config))!["unseal"]!;
            Assert.Equal(SealSetup.DefaultPbkdf2Iterations, (int)unseal["pbkdf2_iterations"]!);
        }
    }

    [Fact]
    public void Create_WithACaKeyFolder_KeepsTheKeyThereOwnerOnly()
    {
        string pki = Path.Combine(_directory, "pki");
        string ca = Path.Combine(_directory, "ca");

        IReadOnlyList<string> written = DevelopmentPki.Create(pki, ["A"], ["sae-a1"], TimeProvider.System, caKeyDirectory: ca);

        Assert.Contains(Path.Combine(ca, "ca.key"), written);
        Assert.False(File.Exists(Path.Combine(pki, "ca.key")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(ca));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(ca, "ca.key")));
        }
    }

    [Fact]
    public void Create_CaKeyFolderInsideTheCertificates_IsRefused()
    {
        string pki = Path.Combine(_directory, "pki");

        Assert.Throws<ArgumentException>(() => DevelopmentPki.Create(pki, ["A"], [], TimeProvider.System, caKeyDirectory: Path.Combine(pki, "ca")));
        Assert.False(Directory.Exists(pki));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
