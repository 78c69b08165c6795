using QkdNet.Node.Hosting;

namespace QkdNet.Node.Tests.Hosting;

public sealed class ServiceConfigReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-service-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed record Sample(string? Name, string? Listen);

    [Theory]
    [InlineData("null", "$: the configuration is empty.")]
    [InlineData("{\"name\": \"s1\", \"colour\": 1}", "colour")]
    [InlineData("{\"name\": 5}", "$.name")]
    public void Deserialize_EmptyUnknownOrMistypedFields_FailNamingThem(string json, string named)
    {
        Result<Sample> read = ServiceConfigReader.Deserialize<Sample>(json);

        Assert.False(read.IsSuccess);
        Assert.Contains(named, read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_TakesSnakeCaseWithCommentsAndTrailingCommas()
    {
        Result<Sample> read = ServiceConfigReader.Deserialize<Sample>("{ // a server\n \"name\": \"s1\", \"listen\": \"127.0.0.1:9443\", }");

        Assert.True(read.IsSuccess, read.Error);
        Assert.Equal(new Sample("s1", "127.0.0.1:9443"), read.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a-name-that-is-far-too-long-to-be-a-certificate-name-of-sixty-four-characters")]
    public void Name_NotACertificateName_FailsNamingTheField(string? name)
    {
        Assert.StartsWith("$.name: ", ServiceConfigReader.Name(name).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    public void Listen_WithoutAPort_FailsShowingTheForm(string? listen)
    {
        Assert.Equal("$.listen: required, an address and port such as 127.0.0.1:9443.", ServiceConfigReader.Listen(listen, "127.0.0.1:9443").Error);
    }

    [Fact]
    public void Policy_MissingUnreadableOrInvalid_FailsNamingTheFieldAndFile()
    {
        File.WriteAllText(Path.Combine(_folder, "bad.json"), "{}");

        Assert.Equal("$.policy: required, the access policy file.", ServiceConfigReader.Policy(null, _folder, "the access policy file").Error);
        Assert.StartsWith("$.policy: cannot read " + Path.Combine(_folder, "missing.json"), ServiceConfigReader.Policy("missing.json", _folder, "x").Error, StringComparison.Ordinal);
        Assert.StartsWith("$.policy (bad.json): ", ServiceConfigReader.Policy("bad.json", _folder, "x").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AMissingFile_SaysWhichFile_AndParsesFromTheFilesFolder()
    {
        string missing = Path.Combine(_folder, "none.json");
        Assert.StartsWith($"cannot read the configuration file {missing}", ServiceConfigReader.Load<string>(missing, (_, _) => "x").Error, StringComparison.Ordinal);

        string present = Path.Combine(_folder, "s.json");
        File.WriteAllText(present, "{}");
        Assert.Equal(_folder, ServiceConfigReader.Load(present, (_, folder) => Result<string>.Ok(folder)).Value);
    }

    [Fact]
    public void LogLevel_DefaultsToInformation_AndAnUnknownLevelFailsListingTheLevels()
    {
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, ServiceConfigReader.LogLevel(null).Value);
        Assert.StartsWith("$.log_level: one of trace", ServiceConfigReader.LogLevel("loud").Error, StringComparison.Ordinal);
    }
}
