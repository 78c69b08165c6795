using System.Diagnostics;

namespace QkdNet.Node.Tests.Netns;

/// <summary>
/// A fact that needs Linux network namespaces: skipped, with the reason, unless the test runs as root on Linux and
/// <c>ip netns add</c> works here (a container without CAP_SYS_ADMIN refuses it). The probe runs once per test run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NetnsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> WhyNot = new(Probe);

    public NetnsFactAttribute()
    {
        if (WhyNot.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux.";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "network namespaces need root; run the tests as root to include this one.";
        }

        string name = $"qkprobe-{Environment.ProcessId}";
        (int added, string output) = Run("ip", "netns", "add", name);
        if (added != 0)
        {
            return $"'ip netns add' does not work here (exit {added}: {output.Trim()}).";
        }

        Run("ip", "netns", "del", name);
        return null;
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        try
        {
            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }
    }
}
