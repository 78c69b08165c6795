namespace QkdNet.Node.Tests.Support;

/// <summary>
/// A fact that drives a real Chromium through Playwright: skipped, with the reason, unless a Chromium executable is
/// found (<c>QKDNET_CHROMIUM</c>, else Debian's <c>/usr/bin/chromium</c>, which <c>.ci/run</c> installs). Playwright never
/// downloads a browser here: the test launches this one.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Variable = "QKDNET_CHROMIUM";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

    public BrowserFactAttribute()
    {
        if (Executable is null)
        {
            Skip = $"Browser tests need Chromium: install Debian's package (apt-get install chromium; .ci/run does) or set {Variable} to its executable.";
        }
    }

    /// <summary>The Chromium to launch, or null when none is installed.</summary>
    public static string? Executable =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set ? (File.Exists(set) ? set : null) : Candidates.FirstOrDefault(File.Exists);
}
