using System.Text.Json;

namespace QkdNet.Tests.Cli;

public sealed class LinkPresetsCommandTests
{
    [Fact]
    public async Task Presets_Json_ListsEveryPresetWithItsSourceAndTheModelNextToThePaper()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "presets", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var presets = doc.RootElement.GetProperty("presets").EnumerateArray().ToList();
        Assert.Equal(["gys", "tokyo-2011", "toshiba-2018", "boaron-2018", "micius-2017"], presets.Select(p => p.GetProperty("name").GetString()));
        JsonElement tokyo = presets[1];
        Assert.Contains("Opt. Express 19, 10387 (2011)", tokyo.GetProperty("citation").GetString());
        JsonElement reported = tokyo.GetProperty("reported")[0];
        Assert.Equal(304e3, reported.GetProperty("paper").GetDouble());
        Assert.InRange(reported.GetProperty("relative_error").GetDouble(), -0.2, 0.2);
        Assert.Equal("pass_key_bits", presets[4].GetProperty("reported")[0].GetProperty("quantity").GetString());
    }

    [Fact]
    public async Task Presets_Text_NamesEachSource()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("link", "presets");
        Assert.Equal(0, code);
        Assert.Contains("Nature 549, 43 (2017)", stdout);
        Assert.Contains("PRL 121, 190502 (2018)", stdout);
        Assert.Contains("J. Lightwave Technol. 36, 3427 (2018)", stdout);
    }

    [Theory]
    [InlineData("tokyo-2011", "45")]
    [InlineData("toshiba-2018", "10")]
    [InlineData("boaron-2018", "405")]
    [InlineData("micius-2017", "645")]
    public async Task Rate_EveryNewPreset_GivesAPositiveRate(string preset, string km)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("link", "rate", "--preset", preset, "--distance-km", km, "--decoy", "vacuum-weak", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("secret_key_rate_bps").GetDouble() > 0);
    }

    [Fact]
    public async Task Rate_SatellitePresetBelowItsOrbit_IsAUsageErrorNamingTheRange()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("link", "rate", "--preset", "micius-2017", "--distance-km", "10");
        Assert.Equal(2, code);
        Assert.Contains("orbit altitude 500 km", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Rate_FibreLossOnASatellitePreset_IsAUsageError()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("link", "rate", "--preset", "micius-2017", "--distance-km", "800", "--loss-db-per-km", "0.2");
        Assert.Equal(2, code);
        Assert.Contains("--loss-db-per-km applies to fibre presets", stderr);
    }

    [Fact]
    public async Task Sweep_SatellitePreset_StartsAtTheOrbitAltitude()
    {
        string svg = Path.Combine(Path.GetTempPath(), $"qkdnet-sweep-{Guid.NewGuid():N}.svg");
        try
        {
            var (code, stdout, stderr) = await CliRunner.RunAsync("link", "sweep", "--preset", "micius-2017", "--to-km", "1200", "--step-km", "100", "--out", svg, "--json");
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(500, rows[0].GetProperty("distance_km").GetDouble());
            Assert.Equal(1200, rows[^1].GetProperty("distance_km").GetDouble(), 6);
            Assert.Contains("slant range", File.ReadAllText(svg));
        }
        finally
        {
            File.Delete(svg);
        }
    }
}
