using System.CommandLine;

namespace QkdNet.Cli;

/// <summary>
/// The <c>qkdnet</c> command tree. Exit codes: 0 success, 1 the operation failed, 2 bad input
/// (always with one line on stderr, never a stack trace).
/// </summary>
public static class CliApp
{
    /// <summary>Exit code for a user mistake.</summary>
    public const int BadInput = 2;

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("QkdNet: quantum key distribution networks and the applications that use their keys.");
        root.Subcommands.Add(LinkCommands.Create(stdout));
        root.Subcommands.Add(BenchCommands.Create(stdout));
        root.Subcommands.Add(NodeCommands.Create(stdout));
        root.Subcommands.Add(ControllerCommands.Create(stdout));
        root.Subcommands.Add(PkiCommands.Create(stdout));

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string message = string.Join(' ', parse.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await stderr.WriteLineAsync($"qkdnet: {message}").ConfigureAwait(false);
            return BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"qkdnet: {e.Message}").ConfigureAwait(false);
            return BadInput;
        }
    }
}
