using Spectre.Console;

namespace QkdNet.Cli.Demo;

/// <summary>
/// How the demo shows its progress: on a terminal, a Spectre.Console status line that follows the running step and a
/// table when it ends; redirected (a log, CI, a test, <c>--json</c>), one plain line per update.
/// </summary>
internal abstract class DemoView
{
    /// <summary>The view for <paramref name="output"/>: Spectre.Console when it is this process's terminal, plain lines otherwise.</summary>
    public static DemoView For(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? new Terminal() : new Plain(output);

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

    private sealed class Terminal : DemoView
    {
        private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

        public override async Task<T> StepAsync<T>(int number, int of, string title, Func<Action<string>, Task<T>> work)
        {
            _console.Write(new Rule($"[bold]{number}/{of}[/] {Markup.Escape(title)}") { Justification = Justify.Left });
            return await _console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(title), async context =>
                await work(update => context.Status(Markup.Escape(update))).ConfigureAwait(false)).ConfigureAwait(false);
        }

        public override void Table(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
        {
            var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
            foreach (string column in columns)
            {
                table.AddColumn(Markup.Escape(column));
            }

            foreach (IReadOnlyList<string> row in rows)
            {
                table.AddRow([.. row.Select(Markup.Escape)]);
            }

            _console.Write(table);
        }

        public override void Line(string text) => _console.MarkupLine(Markup.Escape(text));
    }
}
