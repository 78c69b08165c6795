namespace QkdNet.Node.Configuration;

/// <summary>The outcome of reading <c>node.json</c>: the settings, or one line naming the field and the problem.</summary>
/// <param name="Settings">The settings; null on failure.</param>
/// <param name="Error">The problem; null on success.</param>
public sealed record ConfigResult(NodeSettings? Settings, string? Error)
{
    /// <summary>Whether the configuration is usable.</summary>
    public bool IsSuccess => Settings is not null;

    internal static ConfigResult Ok(NodeSettings settings) => new(settings, null);

    internal static ConfigResult Fail(string error) => new(null, error);
}
