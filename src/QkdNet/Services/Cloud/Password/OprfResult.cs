namespace QkdNet.Services.Cloud.Password;

/// <summary>The answer to an enrol, confirm, refresh or remove request: a status and, on failure, the problem in one sentence.</summary>
public sealed record OprfResult(OprfStatus Status, string? Problem = null)
{
    public static OprfResult Ok { get; } = new(OprfStatus.Ok);

    public bool IsOk => Status == OprfStatus.Ok;
}
