using System.Globalization;
using System.Text.Json;
using QkdNet.Tests.Control.Support;

namespace QkdNet.Tests.Cli;

/// <summary>What a new user reads: tables and labels that say what they mean, and the commands a deployment prints runnable as printed.</summary>
public sealed class FirstHourOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qkdnet-first-hour-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Sweep_Table_ShowsNoMuWhereNoDecoyGivesNoKey()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "sweep", "--to-km", "150", "--step-km", "50", "--out", Path.Combine(_directory, "rate.svg"));

        Assert.True(code == 0, stderr);
        // at 150 km BB84 without decoys gives no key: no mu is recommended there
        string row150 = stdout.Split('\n').Single(l => l.StartsWith("150 ", StringComparison.Ordinal));
        Assert.DoesNotContain("0.0001", row150, StringComparison.Ordinal);
        Assert.Contains(" - ", row150, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateFinite_Y1_IsComparableWithVacuumWeakOnTheSameChannel()
    {
        static async Task<double> Y1(string decoy)
        {
            var (code, stdout, stderr) = await CliRunner.RunAsync("link", "rate", "--distance-km", "25", "--decoy", decoy, "--block-bits", "1e10", "--json");
            Assert.True(code == 0, stderr);
            using JsonDocument doc = JsonDocument.Parse(stdout);
            return doc.RootElement.GetProperty("single_photon_yield").GetDouble();
        }

        double finite = await Y1("finite"), vacuumWeak = await Y1("vacuum-weak");

        // a finite-key lower bound lies a little below the asymptotic estimate; it was 17 times lower when s_X1/N was reported as Y1
        Assert.InRange(finite / vacuumWeak, 0.8, 1.0 + 1e-9);
    }

    [Fact]
    public async Task SimulatePostprocess_SaysInWordsThatKeyWasDistilled()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "simulate", "--distance-km", "25", "--pulses", "4e8", "--postprocess");

        Assert.True(code == 0, stderr);
        Assert.Contains("post-processing: secret key distilled at both ends", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("post-processing: Key", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevNetwork_WritesThePortsAsShellVariables_SoThePrintedCommandsRunAsPrinted()
    {
        string output = Path.Combine(_directory, "net");

        var (code, stdout, stderr) = await CliRunner.RunAsync("controller", "dev-network", "--topology", ExampleTopologies.PathOf("tokyo-qkd-network.json"), "--out", output);

        Assert.True(code == 0, stderr);
        string[] env = await File.ReadAllLinesAsync(Path.Combine(output, "env.sh"));
        Assert.Contains($"P={Path.Combine(output, "pki")}", env);
        string koganei = env.Single(l => l.StartsWith("KOGANEI=", StringComparison.Ordinal));
        int port = int.Parse(koganei["KOGANEI=".Length..], CultureInfo.InvariantCulture);
        Assert.Contains($"# koganei (https://127.0.0.1:{port}/)", stdout, StringComparison.Ordinal);
        Assert.Contains(". " + Path.Combine(output, "env.sh"), stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchCascade_Redirected_PrintsAPlainProgressLinePerRow_OnStderr()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("bench", "cascade", "--qber", "0.01,0.03", "--block-bits", "1e3", "--blocks", "2", "--warmup", "0", "--variant", "opt8", "--json");

        Assert.True(code == 0, stderr);
        Assert.Equal(["bench cascade: 1/2 cascade-opt8, 1000 bits, QBER 0.01", "bench cascade: 2/2 cascade-opt8, 1000 bits, QBER 0.03"], stderr.Trim().Split('\n').Select(l => l.TrimEnd('\r')));
        using JsonDocument _ = JsonDocument.Parse(stdout);
    }

    [Fact]
    public async Task LinkRate_NotANumber_SaysSoWithoutADotNetTypeName()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("link", "rate", "--mu", "abc");

        Assert.Equal(2, code);
        Assert.Equal("qkdnet: --mu: 'abc' is not a number.", stderr.Trim());
    }
}
