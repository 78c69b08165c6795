using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using QkdNet.Cli;
using QkdNet.Node.Tests.Network;

namespace QkdNet.Node.Tests.Cli;

/// <summary>
/// <c>qkdnet demo --processes</c> as a user runs it, the CLI as its own process starting the controller, the nodes and
/// the share servers as processes of their own: the whole scenario ends with exit 0 and the summary; and a signal
/// in the middle stops every child process, removes the run's folder and prints one line, no stack trace.
/// </summary>
[Trait("Category", "Process")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class DemoProcessTests : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "QkdNet.Cli.dll");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-demo-processes-" + Guid.NewGuid().ToString("N"));

    public DemoProcessTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task DemoWithProcesses_Json_Exits0_WithEverySummaryField()
    {
        string report = Path.Combine(_directory, "report");
        using Demo demo = Demo.Start(["demo", "--processes", "--json", "--seed", "7", "--work-dir", _directory, "--report", report]);

        int code = await demo.ExitAsync(TimeSpan.FromMinutes(12));

        Assert.True(code == 0, $"exit {code}\n{demo.Stderr}\n{demo.Stdout}");
        using JsonDocument summary = JsonDocument.Parse(demo.Stdout);
        JsonElement s = summary.RootElement;
        Assert.Equal("processes", s.GetProperty("mode").GetString());
        Assert.Equal(4, s.GetProperty("links").GetArrayLength());
        Assert.True(s.GetProperty("orders").GetInt64() > 0);
        Assert.True(s.GetProperty("round_trip_us").GetProperty("p50").GetDouble() > 0);
        Assert.True(s.GetProperty("restore_ok").GetBoolean());
        Assert.True(s.GetProperty("stats_ok").GetBoolean());
        Assert.Equal("qkd", s.GetProperty("stats").GetProperty("pairwise_keys").GetString());
        Assert.True(s.GetProperty("attack_detected_seconds").GetDouble() > 0);
        Assert.True(s.GetProperty("rerouted").GetInt64() > 0);
        Assert.True(File.Exists(Path.Combine(report, "index.html")));
        Assert.Equal([report], Directory.EnumerateFileSystemEntries(_directory));
    }

    [Theory]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public async Task Signal_DuringTheDemo_StopsEveryChildProcess_RemovesTheRunFolder_AndPrintsOneLine(int signal)
    {
        using Demo demo = Demo.Start(["demo", "--processes", "--json", "--work-dir", _directory]);
        // the network is up (eleven children) once step 1 begins
        Assert.True(await demo.WaitForAsync("demo 1/5", TimeSpan.FromMinutes(5)), $"step 1 never began\n{demo.Stderr}");
        int[] children = Children(demo.Id);
        Assert.NotEmpty(children);

        Send(signal, demo.Id);
        int code = await demo.ExitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(CliApp.Interrupted, code);
        string stderr = demo.Stderr;
        Assert.Contains("interrupted", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.All(children, child => Assert.False(Directory.Exists($"/proc/{child}"), $"child {child} still runs"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans the temp folder
        }
    }

    /// <summary>The processes whose parent is <paramref name="parent"/> (from /proc/PID/stat: the field after the command's closing parenthesis and the state).</summary>
    private static int[] Children(int parent) =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n =>
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{n}/stat");
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (Pid: int.Parse(n!, CultureInfo.InvariantCulture), Parent: int.Parse(fields[1], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                return (Pid: 0, Parent: 0);
            }
        }).Where(p => p.Parent == parent).Select(p => p.Pid)];

    private static void Send(int signal, int pid)
    {
        using System.Diagnostics.Process kill = System.Diagnostics.Process.Start("kill", ["-" + signal.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The CLI as its own process, its output captured; disposing kills it (and its children) if it still runs.</summary>
    private sealed class Demo : IDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();

        private Demo(System.Diagnostics.Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
            _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        public string Stdout => Read(_stdout);

        public string Stderr => Read(_stderr);

        public static Demo Start(IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Cli);
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            return new Demo(System.Diagnostics.Process.Start(start)!);
        }

        /// <summary>Whether stderr shows <paramref name="text"/> within <paramref name="patience"/> (false too when the process ends first).</summary>
        public async Task<bool> WaitForAsync(string text, TimeSpan patience)
        {
            DateTime until = DateTime.UtcNow + patience;
            while (DateTime.UtcNow < until && !_process.HasExited)
            {
                if (Stderr.Contains(text, StringComparison.Ordinal))
                {
                    return true;
                }

                await Task.Delay(200);
            }

            return Stderr.Contains(text, StringComparison.Ordinal);
        }

        /// <summary>The exit code, waiting at most <paramref name="patience"/> (then the process is killed and the test fails).</summary>
        public async Task<int> ExitAsync(TimeSpan patience)
        {
            using var limit = new CancellationTokenSource(patience);
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"the demo did not end within {patience.TotalMinutes:0} min\n{Stderr}");
            }

            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        private static void Append(StringBuilder output, string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        private static string Read(StringBuilder output)
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
