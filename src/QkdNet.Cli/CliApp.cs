using System.CommandLine;

namespace QkdNet.Cli;

/// <summary>
/// The <c>qkdnet</c> command tree. Exit codes: 0 success; 1 the operation ran and failed (a benchmark block
/// failed) or an unexpected error (a bug: one line, the stack trace with <c>--verbose</c>); 2 bad input or an
/// expected operational failure (a port in use, a node that does not answer, a missing certificate), always with
/// one line on stderr naming the cause and the way out, never a stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code for a user mistake or an expected operational failure.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for a failed operation or an unexpected error.</summary>
    public const int Failed = 1;

    /// <summary>Exit code after Ctrl+C or SIGTERM (128 + SIGINT, as a shell reports it).</summary>
    public const int Interrupted = 130;

    /// <summary>How long an action has, after Ctrl+C or SIGTERM, to stop what it started.</summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(30);

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On an unexpected error, print the stack trace too.", Recursive = true };
        var root = new RootCommand("QkdNet: quantum key distribution networks and the applications that use their keys.");
        root.Options.Add(verbose);
        root.Subcommands.Add(LinkCommands.Create(stdout));
        root.Subcommands.Add(BenchCommands.Create(stdout, stderr));
        root.Subcommands.Add(NodeCommands.Create(stdout));
        root.Subcommands.Add(ControllerCommands.Create(stdout));
        root.Subcommands.Add(PkiCommands.Create(stdout));
        root.Subcommands.Add(TradeCommands.Create(stdout, stderr));
        root.Subcommands.Add(SimulateCommands.Create(stdout));
        root.Subcommands.Add(ShareServerCommand.Create(stdout));
        root.Subcommands.Add(CloudCommands.Create(stdout));
        root.Subcommands.Add(DemoCommand.Create(stdout, stderr));

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string message = ParseErrors.Describe(parse.Errors[0].Message);
            await stderr.WriteLineAsync($"qkdnet: {message}").ConfigureAwait(false);
            return BadInput;
        }

        try
        {
            // Ctrl+C or SIGTERM cancels the action's token; a command that owns servers or child processes (demo) gets this
            // long to stop them before System.CommandLine gives up on it and the process ends
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TerminationGrace,
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (e.InnerException is not TimeoutException)
        {
            // an action that let Ctrl+C's cancellation through: one line, not an unhandled exception's stack trace
            // (an HTTP client's timeout, a TimeoutException inside, is a failure like any other, below)
            await stderr.WriteLineAsync("qkdnet: interrupted.").ConfigureAwait(false);
            return Interrupted;
        }
        catch (Exception e)
        {
            CliFailure failure = CliFailure.From(e);
            await stderr.WriteLineAsync($"qkdnet: {failure.Message}").ConfigureAwait(false);
            if (parse.GetValue(verbose))
            {
                await stderr.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return failure.ExitCode;
        }
    }
}
