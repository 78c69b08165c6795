using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Docs;

/// <summary>
/// Keeps the documents true: the fenced <c>sh</c> blocks of README.md, deploy/README.md and deploy/network/README.md
/// run, in order, as one bash script per document (<c>set -euo pipefail</c>), in a fresh folder holding a copy of
/// <c>deploy/</c> and <c>examples/</c>, with the CLI this build made on <c>PATH</c> as <c>qkdnet</c> (as the README's
/// <c>dotnet tool install</c> puts it) and the documents' ports. Paths under <c>/tmp/</c> are moved under the test's own
/// folder so two runs never meet. Each must exit 0 and print what the document says it prints. Blocks marked
/// <c>&lt;!-- docs-test: skip: REASON --&gt;</c> (root, containers, runs of minutes) are left out, with their reason.
/// </summary>
[Trait("Category", "Process")]
public sealed partial class DocsTourTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("qkdnet-docs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EverySkippedBlock_SaysWhy_AndEveryDocumentRunsSomething()
    {
        foreach (string document in new[] { "README.md", "deploy/README.md", "deploy/network/README.md" })
        {
            IReadOnlyList<ShellBlock> blocks = MarkdownShell.Blocks(File.ReadAllText(Path.Combine(Repository.Root, document)));
            Assert.Contains(blocks, b => b.SkipReason is null);
            Assert.All(blocks.Where(b => b.SkipReason is not null), b => Assert.NotEqual(string.Empty, b.SkipReason));
        }
    }

    [Fact]
    public async Task Readme_Tour_TwoNodes_AndAKeyFetchedAtBothEnds()
    {
        string output = await RunAsync("README.md");

        Assert.Contains("single_photon_yield", output, StringComparison.Ordinal);
        Assert.Contains("post-processing: secret key distilled at both ends", output, StringComparison.Ordinal);
        Assert.Contains("plot written to rate.svg", output, StringComparison.Ordinal);
        Assert.Contains("\"ready\":true", output, StringComparison.Ordinal);
        // the key enc_keys gave A's SAE comes back from B under its ID: the same bytes printed twice
        string key = KeyValue().Match(output).Groups[1].Value;
        Assert.NotEqual(string.Empty, key);
        Assert.Equal(2, Regex.Count(output, Regex.Escape($"\"key\":\"{key}\"")));
    }

    [Fact]
    public async Task DeployReadme_Certificates()
    {
        string output = await RunAsync("deploy/README.md");

        Assert.Contains(Path.Combine("pki", "ops.key"), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetworkReadme_RelayedKey_AndAnAttackedLink()
    {
        string output = await RunAsync("deploy/network/README.md");

        Assert.Equal(4, Regex.Count(output, "^ready: [0-9]+$", RegexOptions.Multiline));
        Assert.Contains("\"qkdnet_relay\"", output, StringComparison.Ordinal);
        string key = KeyValue().Match(output).Groups[1].Value;
        Assert.Equal(2, Regex.Count(output, Regex.Escape($"\"key\":\"{key}\"")));
        Assert.Contains("link otemachi-hongo: eavesdropper intercept-resend:1", output, StringComparison.Ordinal);
        Assert.Contains("qkdnet_link_state{link=\"otemachi-hongo\"}", output, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"viewer\"", output, StringComparison.Ordinal);
    }

    private async Task<string> RunAsync(string document)
    {
        string root = Repository.Root;
        string work = Path.Combine(_folder, "work");
        CopyTree(Path.Combine(root, "deploy"), Path.Combine(work, "deploy"));
        CopyTree(Path.Combine(root, "examples"), Path.Combine(work, "examples"));
        string bin = Path.Combine(_folder, "bin");
        Directory.CreateDirectory(bin);
        string qkdnet = Path.Combine(bin, "qkdnet");
        await File.WriteAllTextAsync(qkdnet, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "QkdNet.Cli.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(qkdnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string commands = string.Join('\n', MarkdownShell.Blocks(await File.ReadAllTextAsync(Path.Combine(root, document)))
            .Where(b => b.SkipReason is null).Select(b => b.Commands));
        // the background nodes and controller end with the script, however it ends
        string script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true; wait' EXIT\n"
            + commands.Replace("/tmp/", Path.Combine(_folder, "tmp") + "/", StringComparison.Ordinal) + "\n";
        Directory.CreateDirectory(Path.Combine(_folder, "tmp"));

        var start = new ProcessStartInfo("bash") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment.Remove("QKDNET_PASSPHRASE");
        using System.Diagnostics.Process bash = System.Diagnostics.Process.Start(start)!;
        var output = new StringBuilder();
        bash.OutputDataReceived += (_, e) => Append(output, e.Data);
        bash.ErrorDataReceived += (_, e) => Append(output, e.Data);
        bash.BeginOutputReadLine();
        bash.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await bash.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            await bash.WaitForExitAsync();
            Assert.Fail($"{document}: the commands ran past {Limit.TotalMinutes} minutes:\n{Text(output)}");
        }

        bash.WaitForExit(); // drains the output events
        Assert.True(bash.ExitCode == 0, $"{document}: a command failed (exit {bash.ExitCode}):\n{Text(output)}");
        return Text(output);
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

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>Copies a tracked folder, leaving out what following the documents makes in it (certificates, stores, logs).</summary>
    private static void CopyTree(string from, string to)
    {
        string[] made = [Path.Combine(from, "pki"), Path.Combine(from, "data")];
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories).Where(d => !made.Any(m => d.StartsWith(m, StringComparison.Ordinal))))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => !made.Any(m => f.StartsWith(m, StringComparison.Ordinal)) && !f.EndsWith(".log", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    [GeneratedRegex("\"key\":\"([A-Za-z0-9+/=]+)\"")]
    private static partial Regex KeyValue();
}
