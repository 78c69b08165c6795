namespace QkdNet.Tests.Primitives;

public sealed class ResultTests
{
    private sealed record Refusal(string Kind, string Detail);

    [Fact]
    public void Success_CarriesTheValue_AndNoError()
    {
        Result<int, Refusal> result = 42;

        Assert.True(result.IsSuccess);
        Assert.Null(result.Error);
        Assert.Equal(42, result.Value);
        Assert.True(result.TryGetValue(out int value));
        Assert.Equal(42, value);
    }

    [Fact]
    public void Failure_CarriesTheTypedError_AndRefusesTheValue()
    {
        Result<int, Refusal> result = new Refusal("sealed", "store is sealed");

        Assert.False(result.IsSuccess);
        Assert.Equal("sealed", result.Error!.Kind);
        Assert.False(result.TryGetValue(out _));
        var thrown = Assert.Throws<InvalidOperationException>(() => result.Value);
        Assert.Contains("store is sealed", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cast_RetypesAFailure_AndRefusesASuccess()
    {
        Result<int, Refusal> failure = Result<int, Refusal>.Fail(new Refusal("full", "pool full"));
        Result<string, Refusal> retyped = failure.Cast<string>();

        Assert.Same(failure.Error, retyped.Error);
        Assert.Throws<InvalidOperationException>(() => Result<int, Refusal>.Ok(1).Cast<string>());
    }

    [Fact]
    public void Fail_RefusesANullError()
    {
        Assert.Throws<ArgumentNullException>(() => Result<int, Refusal>.Fail(null!));
    }
}
