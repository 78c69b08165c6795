using Microsoft.Extensions.Logging;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Hosting;

/// <summary>The start-up warning of a node marked development: its key is not from QKD, and an operator must not miss that.</summary>
public static partial class DevelopmentNotice
{
    /// <summary>Logs the warning when <paramref name="settings"/> mark the node development, naming each link and its origin.</summary>
    public static void Log(ILogger logger, NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Development)
        {
            return;
        }

        string sources = settings.Links.Count == 0
            ? "no links"
            : string.Join(", ", settings.Links.Select(l => $"{l.Id.Value}: {l.Source.Origin.ToString().ToLowerInvariant()}"));
        LogDevelopment(logger, settings.KmeId.Value, sources);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEVELOPMENT NODE {Kme}: \"development\": true in node.json; its keys may be simulated or synthetic, not from QKD ({Sources}). Never serve them to production applications.")]
    private static partial void LogDevelopment(ILogger logger, string kme, string sources);
}
