using System.Net;
using System.Net.Sockets;
using QkdNet.Development.Pki;

namespace QkdNet.Tests.Cli;

/// <summary>
/// Expected operational failures (a missing admin certificate, a node that is down, a port in use) end with one line
/// naming the cause and the way out, and exit code 2; the stack trace only with <c>--verbose</c>.
/// </summary>
public sealed class CliFailureTests : IDisposable
{
    private readonly string _pki = Path.Combine(Path.GetTempPath(), "qkdnet-cli-failure-" + Guid.NewGuid().ToString("N"));

    public CliFailureTests() => DevelopmentPki.Create(_pki, ["A"], ["ops"], TimeProvider.System);

    public void Dispose() => Directory.Delete(_pki, recursive: true);

    [Fact]
    public async Task LinkAttack_AsAnAdminWithNoCertificate_OneLineNamingTheFile_Exit2()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "attack", "--node", "https://127.0.0.1:9", "--kme", "A", "--link", "AB", "--eve", "pns", "--pki", _pki, "--as", "nobody");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal($"qkdnet: {Path.Combine(_pki, "nobody.crt")}: no such file; --as names an admin certificate in --pki (pki init --admin NAME makes one).", stderr.Trim());
    }

    [Fact]
    public async Task LinkAttack_NodeDown_OneLineConnectionRefused_Exit2()
    {
        int port = ClosedPort();

        var (code, _, stderr) = await CliRunner.RunAsync("link", "attack", "--node", $"https://127.0.0.1:{port}", "--kme", "A", "--link", "AB", "--eve", "pns", "--pki", _pki, "--as", "ops");

        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith($"qkdnet: cannot reach the node at https://127.0.0.1:{port}/: Connection refused", stderr, StringComparison.Ordinal);
        Assert.Contains("Is it running", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_PortInUse_OneLineNamingThePort_Exit2_BeforeTouchingTheStore()
    {
        string directory = Path.Combine(_pki, "network");
        DevelopmentNetwork network = DevelopmentNetwork.Create(directory, ["sae-a1"], ["sae-b1"]);
        using var holder = new TcpListener(IPAddress.Loopback, network.UrlA.Port);
        holder.Start();

        var (code, _, stderr) = await CliRunner.RunAsync("node", "--config", network.ConfigA);

        Assert.Equal(2, code);
        Assert.Equal($"qkdnet: cannot listen on 127.0.0.1:{network.UrlA.Port}: another process holds the port (is this node or controller already running?); stop it, or change listen in {network.ConfigA}.", stderr.Trim());
        Assert.Empty(Directory.GetFiles(directory, "*.db", SearchOption.AllDirectories));
    }

    [Fact]
    public void Failure_PortInUse_IsExpected_AndSaysHowToGetOut()
    {
        var bind = new IOException("Failed to bind to address https://127.0.0.1:8441: address already in use.",
            new Microsoft.AspNetCore.Connections.AddressInUseException("Address already in use", new SocketException((int)SocketError.AddressAlreadyInUse)));

        QkdNet.Cli.CliFailure failure = QkdNet.Cli.CliFailure.From(bind);

        Assert.Equal(2, failure.ExitCode);
        Assert.Contains("https://127.0.0.1:8441: address already in use", failure.Message, StringComparison.Ordinal);
        Assert.Contains("choose another port", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_Unexpected_IsOneLine_AndPointsAtVerbose()
    {
        QkdNet.Cli.CliFailure failure = QkdNet.Cli.CliFailure.From(new InvalidOperationException("boom\n   at Somewhere()"));

        Assert.Equal(1, failure.ExitCode);
        Assert.Equal("unexpected error: boom (InvalidOperationException; run again with --verbose for the stack trace).", failure.Message);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
