using Spectre.Console;

namespace QkdNet.Cli.Demo;

/// <summary>
/// How the demo shows its progress: on a terminal, a Spectre.Console live display per step (<see cref="Terminal"/>:
/// progress bars for the steps and each link's pool, a live table of the links, the step's latest update) and a table
/// when it ends; redirected (a log, CI, a test, <c>--json</c>), one plain line per update.
/// </summary>
internal abstract partial class DemoView
{
    /// <summary>
    /// The view for <paramref name="output"/>: Spectre.Console when it is this process's stdout, not redirected, on a
    /// terminal that takes ANSI codes; plain lines otherwise.
    /// </summary>
    public static DemoView For(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi
            ? new Terminal(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }))
            : new Plain(output);

    /// <summary>Where the live view reads the links from while a step runs (a plain view reads nothing: its steps say enough).</summary>
    public virtual void Watch(Func<IReadOnlyList<DemoLink>> links)
    {
    }

    /// <summary>Runs step <paramref name="number"/> of <paramref name="of"/>, with <paramref name="work"/> reporting progress through its argument.</summary>
    public abstract Task<T> StepAsync<T>(int number, int of, string title, Func<Action<string>, Task<T>> work);

    /// <summary>Shows a result table.</summary>
    public abstract void Table(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows);

    /// <summary>Shows a line.</summary>
    public abstract void Line(string text);

    private sealed class Plain(TextWriter output) : DemoView
    {
        public override async Task<T> StepAsync<T>(int number, int of, string title, Func<Action<string>, Task<T>> work)
        {
            string prefix = $"demo {number}/{of}";
            Line($"{prefix}: {title}");
            string last = string.Empty;
            DateTime printed = DateTime.MinValue;
            return await work(update =>
            {
                // a new kind of update at once, the same kind at most every 3 s: a log stays short however often the step reports
                string kind = new([.. update.TakeWhile(c => !char.IsAsciiDigit(c))]);
                if (kind != last || DateTime.UtcNow - printed > TimeSpan.FromSeconds(3))
                {
                    last = kind;
                    printed = DateTime.UtcNow;
                    Line($"{prefix}: {update}");
                }
            }).ConfigureAwait(false);
        }

        public override void Table(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
        {
            Line(title);
            Line("  " + string.Join(" | ", columns));
            foreach (IReadOnlyList<string> row in rows)
            {
                Line("  " + string.Join(" | ", row));
            }
        }

        public override void Line(string text)
        {
            lock (output)
            {
                output.WriteLine(text);
                output.Flush();
            }
        }
    }
}
