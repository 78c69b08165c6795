using QkdNet.Cli;

namespace QkdNet.Node.Tests.Cli;

/// <summary><c>qkdnet bench kme</c> refuses a bad load shape before starting any node.</summary>
public sealed class BenchKmeCommandTests
{
    [Theory]
    [InlineData("--rate", "-1")]
    [InlineData("--rate", "2000000")]
    [InlineData("--warmup", "-1")]
    [InlineData("--saes", "0")]
    [InlineData("--keys-per-request", "2000")]
    public async Task BadOption_Exits2WithTheRangesAndStartsNothing(string option, string value)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int code = await CliApp.RunAsync(["bench", "kme", option, value], stdout, stderr);

        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains(option, stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }
}
