using System.Security.Cryptography.X509Certificates;
using QkdNet.Tests.Control.Support;

namespace QkdNet.Tests.Cli;

public sealed class ControllerCommandsTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-controller-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Controller_Check_AcceptsAYamlTopology()
    {
        Directory.CreateDirectory(_directory);
        string pem = Path.Combine(_directory, "placeholder.pem");
        File.WriteAllText(pem, string.Empty);

        var (code, _, stderr) = await CliRunner.RunAsync("controller", "--topology", ExampleTopologies.PathOf("tokyo-qkd-network.yaml"), "--cert", pem, "--key", pem, "--ca", pem, "--check");

        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task Controller_Check_NeedsNoCertificates()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("controller", "--topology", ExampleTopologies.PathOf("tokyo-qkd-network.json"), "--check");

        Assert.True(code == 0, stderr);
        Assert.Contains("is valid", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_CheckJson_PrintsOneObject()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("controller", "--topology", ExampleTopologies.PathOf("tokyo-qkd-network.json"), "--check", "--json");

        Assert.True(code == 0, stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(4, doc.RootElement.GetProperty("nodes").GetInt32());
    }

    [Fact]
    public async Task Controller_WithoutCheck_StillNeedsItsCertificate()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("controller", "--topology", ExampleTopologies.PathOf("tokyo-qkd-network.json"));

        Assert.Equal(2, code);
        Assert.Equal("qkdnet: --cert is required to run the controller (only --check goes without it).", stderr.Trim());
    }

    [Fact]
    public async Task Controller_Check_BadYaml_NamesTheFileAndLine()
    {
        Directory.CreateDirectory(_directory);
        string topology = Path.Combine(_directory, "bad.yml");
        File.WriteAllText(topology, "name: x\nnodes:\n  - { id: A }\nlinks:\n  - { id: L, a: A, b: Z, fibreKm: 1 }\n");

        var (code, _, stderr) = await CliRunner.RunAsync("controller", "--topology", topology, "--cert", topology, "--key", topology, "--ca", topology, "--check");

        Assert.Equal(2, code);
        Assert.Contains($"{topology}: line 5: link 'L' names unknown node 'Z'.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetnsNetwork_PrintsThePlan_AndRefusesABadManagementNetwork()
    {
        string tokyo = ExampleTopologies.PathOf("tokyo-qkd-network.json");

        var (code, stdout, stderr) = await CliRunner.RunAsync("controller", "netns-network", "--topology", tokyo, "--out", Path.Combine(_directory, "ok"), "--prefix", "qk9", "--management", "10.250.9.0/24");
        var (bad, _, badError) = await CliRunner.RunAsync("controller", "netns-network", "--topology", tokyo, "--out", Path.Combine(_directory, "bad"), "--prefix", "qk9", "--management", "10.250.9.0/16");

        Assert.True(code == 0, stderr);
        Assert.Contains("ip netns add qk9-koganei\n", stdout, StringComparison.Ordinal);
        Assert.Equal(2, bad);
        Assert.Contains("--management must be an IPv4 /24", badError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "bad")));
    }

    [Fact]
    public async Task DevNetwork_SecretsAreOwnerOnly_NoCaKeyIsKept_AndStoresUseTheProductionPbkdf2Count()
    {
        string output = Path.Combine(_directory, "tokyo");

        var (code, stdout, stderr) = await CliRunner.RunAsync("controller", "dev-network", "--topology", ExampleTopologies.PathOf("tokyo-qkd-network.json"), "--out", output);

        Assert.True(code == 0, stderr);
        Assert.Empty(Directory.GetFiles(output, "ca.key", SearchOption.AllDirectories));
        Assert.Contains("600,000 iterations", stdout, StringComparison.Ordinal);
        foreach (string config in Directory.GetFiles(output, "*.json").Where(f => Path.GetFileName(f) != "topology.json"))
        {
            Assert.Contains("\"pbkdf2_iterations\": 600000", File.ReadAllText(config), StringComparison.Ordinal);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(output));
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(Path.Combine(output, "pki")));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(output, "passphrase")));
            foreach (string key in Directory.GetFiles(Path.Combine(output, "pki"), "*.key"))
            {
                Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(key));
            }
        }
    }

    [Fact]
    public async Task DevNetwork_IssuesTheDashboardsOperatorAndViewer_AsPkcs12ForABrowser_AndPinsBothOnTheController()
    {
        string output = Path.Combine(_directory, "dashboard");

        var (code, stdout, stderr) = await CliRunner.RunAsync("controller", "dev-network", "--topology", ExampleTopologies.PathOf("tokyo-qkd-network.json"), "--out", output);

        Assert.True(code == 0, stderr);
        string controller = stdout.Split('\n').Single(l => l.StartsWith("qkdnet controller ", StringComparison.Ordinal));
        Assert.Contains("--viewer-cert " + Path.Combine(output, "pki", "viewer.crt"), controller, StringComparison.Ordinal);
        Assert.Contains("--development", controller, StringComparison.Ordinal);
        Assert.Contains("/dashboard/", stdout, StringComparison.Ordinal);
        foreach (string name in new[] { "ops", "viewer" })
        {
            string bundle = Path.Combine(output, "pki", name + ".p12");
            using X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12FromFile(bundle, "qkdnet");
            Assert.Equal("CN=" + name, certificate.Subject);
            Assert.True(certificate.HasPrivateKey);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(bundle));
            }
        }
    }

    [Fact]
    public async Task Controller_ViewerCertThatIsNoCertificate_Exits2NamingTheOption()
    {
        string tokyo = ExampleTopologies.PathOf("tokyo-qkd-network.json");

        var (code, _, stderr) = await CliRunner.RunAsync("controller", "--topology", tokyo, "--listen", "127.0.0.1:1", "--cert", tokyo, "--key", tokyo, "--ca", tokyo, "--viewer-cert", tokyo);

        Assert.Equal(2, code);
        Assert.StartsWith($"qkdnet: --viewer-cert {tokyo}: cannot read a certificate", stderr.Trim(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
