using System.Text.Json;

namespace QkdNet.Tests.Cli;

public sealed class BenchCommandsTests
{
    [Fact]
    public async Task Postprocess_Json_ReportsEveryStageAndEfficiency()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("bench", "postprocess", "--block-bits", "1e5", "--blocks", "1", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        foreach (string field in new[] { "sifting_bits_per_second", "reconciliation_bits_per_second", "amplification_bits_per_second", "pipeline_bits_per_second" })
        {
            Assert.True(root.GetProperty(field).GetDouble() > 0, field);
        }

        Assert.InRange(root.GetProperty("mean_efficiency_f").GetDouble(), 1.0, 1.2);
        Assert.Equal(0, root.GetProperty("failed_blocks").GetInt32());
    }

    [Fact]
    public async Task Postprocess_Json_ReportsCpuPerSiftedMbitBesideBlockLatency()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("bench", "postprocess", "--block-bits", "1e5", "--blocks", "2", "--warmup", "0", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("cpu_milliseconds_per_sifted_mbit").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("block_cpu_milliseconds").GetArrayLength());
        double p50 = root.GetProperty("block_wall_milliseconds_p50").GetDouble(), p99 = root.GetProperty("block_wall_milliseconds_p99").GetDouble();
        Assert.True(p50 > 0 && p99 >= p50, $"p50 {p50}, p99 {p99}");
    }

    [Theory]
    [InlineData("--qber", "0.2")]
    [InlineData("--block-bits", "10")]
    [InlineData("--blocks", "0")]
    [InlineData("--reconciler", "ldpc")]
    public async Task Postprocess_BadInput_ExitsWith2(string option, string value)
    {
        var (code, _, stderr) = await CliRunner.RunAsync("bench", "postprocess", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("qkdnet: ", stderr);
    }

    [Fact]
    public async Task Cascade_Json_GivesOneRowPerVariantQberAndSize()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("bench", "cascade", "--qber", "0.02,0.05", "--block-bits", "1e4", "--blocks", "2", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3 * 2, rows.Count);
        Assert.All(rows, r => Assert.Equal(0, r.GetProperty("frame_errors").GetInt32()));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("mean_efficiency").GetDouble(), 1.0, 1.4));
    }

    [Theory]
    [InlineData("--qber", "abc")]
    [InlineData("--qber", "0.9")]
    [InlineData("--block-bits", "1e9")]
    [InlineData("--variant", "ldpc")]
    public async Task Cascade_BadInput_ExitsWith2(string option, string value)
    {
        var (code, _, stderr) = await CliRunner.RunAsync("bench", "cascade", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("qkdnet: ", stderr);
    }

    [Fact]
    public async Task LinkMemory_Json_ReportsResidentHeapAllocationAndCpuPerBlock()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("bench", "link-memory", "--distance-km", "25", "--sifted-bits", "1e5", "--blocks", "2", "--allocations", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("blocks").GetArrayLength());
        foreach (JsonElement block in root.GetProperty("blocks").EnumerateArray())
        {
            Assert.True(block.GetProperty("key_bits").GetInt32() >= 0);
            Assert.True(block.GetProperty("resident_mib").GetDouble() > 0);
            Assert.True(block.GetProperty("allocated_mib").GetDouble() > 0);
        }

        Assert.True(root.GetProperty("peak_working_set_mib").GetDouble() > 0);
        Assert.True(root.GetProperty("sampled_allocations_mib").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("--blocks", "0")]
    [InlineData("--sifted-bits", "10")]
    [InlineData("--preset", "nope")]
    public async Task LinkMemory_BadInput_ExitsWith2(string option, string value)
    {
        var (code, _, stderr) = await CliRunner.RunAsync("bench", "link-memory", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("qkdnet: ", stderr);
    }

    [Fact]
    public async Task Pacer_Json_ReportsTheLatenessOfEveryMeasuredWakeup()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("bench", "pacer", "--rate", "1000", "--seconds", "1", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(1000, root.GetProperty("wakeups").GetInt32());
        JsonElement late = root.GetProperty("late_us");
        Assert.Equal(1000, late.GetProperty("count").GetInt64());
        Assert.True(late.GetProperty("max").GetDouble() >= late.GetProperty("p50").GetDouble());
        Assert.Equal(2, root.GetProperty("pacer_spin_us").GetInt32());
    }

    [Theory]
    [InlineData("--rate", "5")]
    [InlineData("--seconds", "0")]
    [InlineData("--seconds", "601")]
    public async Task Pacer_BadInput_ExitsWith2(string option, string value)
    {
        var (code, _, stderr) = await CliRunner.RunAsync("bench", "pacer", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("qkdnet: ", stderr);
    }
}
