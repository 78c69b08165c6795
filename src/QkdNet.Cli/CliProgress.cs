using Spectre.Console;

namespace QkdNet.Cli;

/// <summary>
/// Progress of a command that runs for more than a few seconds, on stderr so stdout keeps only the result: a
/// Spectre.Console bar when stderr is a terminal, one plain line per finished step when it is redirected (a log, CI,
/// a test), so nobody watches a silent command for minutes.
/// </summary>
internal static class CliProgress
{
    /// <summary>Runs <paramref name="work"/>, which calls its argument with a description after each of its <paramref name="steps"/> steps.</summary>
    public static async Task<T> RunAsync<T>(TextWriter stderr, string title, int steps, Func<Action<string>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(work);
        if (ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected)
        {
            IAnsiConsole terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return await terminal.Progress().AutoClear(true).StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(title), maxValue: steps);
                return await work(done =>
                {
                    task.Description = Markup.Escape($"{title}: {done}");
                    task.Increment(1);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        int step = 0;
        return await work(done => stderr.WriteLine($"{title}: {++step}/{steps} {done}")).ConfigureAwait(false);
    }
}
