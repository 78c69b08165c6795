using System.Text.Json;

namespace QkdNet.Tests.Cli;

public sealed class LinkCommandsTests
{
    [Fact]
    public async Task Rate_Json_PrintsOneObjectWithThePublishedRate()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("link", "rate", "--preset", "gys", "--distance-km", "50", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        double perPulse = doc.RootElement.GetProperty("secret_key_rate_per_pulse").GetDouble();
        Assert.InRange(perPulse, 2.2260e-4 * 0.995, 2.2260e-4 * 1.005);
        Assert.Equal(perPulse * 2e6, doc.RootElement.GetProperty("secret_key_rate_bps").GetDouble(), 6);
        Assert.True(doc.RootElement.TryGetProperty("single_photon_yield", out _));
    }

    [Theory]
    [InlineData("infinite")]
    [InlineData("vacuum-weak")]
    [InlineData("none")]
    [InlineData("finite")]
    public async Task Rate_EveryDecoyMethod_Succeeds(string method)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "rate", "--distance-km", "25", "--decoy", method, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(method, doc.RootElement.GetProperty("decoy").GetString());
    }

    [Theory]
    [InlineData("link", "rate", "--distance-km", "-1")]
    [InlineData("link", "rate", "--mu", "1.5")]
    [InlineData("link", "rate", "--mu", "0")]
    [InlineData("link", "rate", "--preset", "nope")]
    [InlineData("link", "rate", "--distance-km", "fifty")]
    [InlineData("link", "rate", "--decoy", "many")]
    [InlineData("link", "simulate", "--pulses", "1.5")]
    [InlineData("link", "simulate", "--pulses", "-1e9")]
    [InlineData("link", "simulate", "--eve", "shark")]
    [InlineData("link", "simulate", "--eve", "intercept-resend:2")]
    [InlineData("link", "sweep", "--to-km", "0")]
    [InlineData("link", "warp")]
    public async Task BadInput_GivesOneLineOnStderrAndExitCode2(params string[] args)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("qkdnet: ", lines[0]);
        Assert.DoesNotContain(" at ", lines[0]);
    }

    [Fact]
    public async Task Simulate_Json_ReportsMeasuredAndAnalyticGainsPerIntensity()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "simulate", "--distance-km", "25", "--pulses", "1e7", "--seed", "5", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.GetProperty("intensities").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        var signal = rows[0];
        Assert.Equal("signal", signal.GetProperty("intensity").GetString());
        double measured = signal.GetProperty("gain").GetDouble(), analytic = signal.GetProperty("analytic_gain").GetDouble();
        Assert.InRange(measured, analytic * 0.95, analytic * 1.05);
    }

    [Fact]
    public async Task Simulate_FullInterceptResend_KillsTheKey()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("link", "simulate", "--distance-km", "25", "--pulses", "1e7", "--eve", "intercept-resend:1", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("secret_key_rate_per_pulse").GetDouble());
        Assert.Equal("intercept-resend:1", doc.RootElement.GetProperty("eavesdropper").GetString());
    }

    [Fact]
    public async Task Sweep_WritesAnSvgPlotWithEveryModel()
    {
        string dir = Directory.CreateTempSubdirectory("qkdnet-sweep").FullName;
        try
        {
            string svg = Path.Combine(dir, "rate.svg");
            var (code, stdout, stderr) = await CliRunner.RunAsync("link", "sweep", "--to-km", "150", "--out", svg);
            Assert.True(code == 0, stderr);
            Assert.Contains("PLOB", stdout);
            string text = await File.ReadAllTextAsync(svg);
            Assert.StartsWith("<svg", text);
            foreach (string name in new[] { "infinite decoy", "vacuum + weak", "no decoy", "finite key", "PLOB bound" })
            {
                Assert.Contains(name, text);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Simulate_Postprocess_ProducesSecretKeyOnAnHonestLink()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "simulate", "--distance-km", "25", "--pulses", "4e8", "--postprocess", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement post = doc.RootElement.GetProperty("postprocess");
        Assert.Equal("Key", post.GetProperty("outcome").GetString());
        Assert.True(post.GetProperty("secret_key_bits").GetInt32() > 10_000);
        Assert.True(post.GetProperty("authentication_bits_used").GetInt64() > 0);
    }

    [Fact]
    public async Task Simulate_Postprocess_UnderInterceptResend_AbortsAndSaysWhy()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("link", "simulate", "--distance-km", "25", "--pulses", "1e8", "--eve", "intercept-resend:1", "--postprocess");
        Assert.Equal(0, code);
        Assert.Contains("block aborted at parameter estimation", stdout);
        Assert.Contains("possible eavesdropping", stdout);
    }
}
