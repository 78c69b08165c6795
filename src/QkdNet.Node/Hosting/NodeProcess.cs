using System.Diagnostics;
using System.Text;

namespace QkdNet.Node.Hosting;

/// <summary>
/// A <c>qkdnet node</c> child process, its stdout and stderr captured in memory (for tests that search the
/// logs and for the load benchmark). Disposing kills it. Thread-safe for reading <see cref="Output"/>.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the node wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the process has used so far, user and kernel, all threads (read afresh each call).</summary>
    public TimeSpan TotalProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts <c>node --config <paramref name="config"/></c> with the <c>qkdnet</c> command at <paramref name="cli"/>:
    /// an apphost, or a <c>.dll</c> run through <c>dotnet</c>.
    /// </summary>
    public static NodeProcess Start(string cli, string config) => StartCommand(cli, "node", "--config", config);

    /// <summary>Starts the <c>qkdnet</c> command at <paramref name="cli"/> with <paramref name="arguments"/> (e.g. <c>controller --topology ...</c>).</summary>
    public static NodeProcess StartCommand(string cli, params IReadOnlyList<string> arguments) => StartCommand(cli, [], arguments);

    /// <summary>As <see cref="StartCommand(string, IReadOnlyList{string})"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static NodeProcess StartCommand(string cli, IEnumerable<KeyValuePair<string, string>> environment, params IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo
        {
            FileName = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : cli,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        if (cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(cli);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new NodeProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start " + cli));
    }

    /// <summary>The <c>qkdnet</c> command of this process (the running CLI), for starting nodes from a CLI command.</summary>
    public static string CurrentCli() =>
        Environment.ProcessPath is { } path && !Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? path
            : System.Reflection.Assembly.GetEntryAssembly()!.Location;

    /// <summary>SIGKILL on Unix (kill -9): no shutdown code runs.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
