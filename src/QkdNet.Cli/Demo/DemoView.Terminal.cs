using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QkdNet.Cli.Demo;

internal abstract partial class DemoView
{
    /// <summary>
    /// A terminal: each step runs under a Spectre.Console live display, redrawn at every update and every
    /// <see cref="Refresh"/>: a progress bar of the five steps, the step's latest update, and a live table of the
    /// links (state, QBER, secret key rate, pool as a bar of its high watermark, blocks). What the step shows meanwhile
    /// (its result table) is held and written when the live display ends, which owns the console until then.
    /// </summary>
    internal sealed class Terminal(IAnsiConsole console) : DemoView
    {
        /// <summary>How often the live display is redrawn when the step reports nothing.</summary>
        public static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(500);

        private const int StepBarWidth = 24;
        private const int PoolBarWidth = 8;
        private readonly List<IRenderable> _held = [];
        private readonly Lock _gate = new();
        private Func<IReadOnlyList<DemoLink>>? _links;
        private bool _inStep;

        public override void Watch(Func<IReadOnlyList<DemoLink>> links) => _links = links;

        public override async Task<T> StepAsync<T>(int number, int of, string title, Func<Action<string>, Task<T>> work)
        {
            console.Write(new Rule($"[bold]{number}/{of}[/] {Markup.Escape(title)}") { Justification = Justify.Left });
            string status = title;
            _inStep = true;
            try
            {
                return await console.Live(View(number, of, status)).AutoClear(true).StartAsync(async context =>
                {
                    Task<T> running = work(update =>
                    {
                        status = update;
                        Redraw(context, number, of, status);
                    });
                    while (!running.IsCompleted)
                    {
                        await Task.WhenAny(running, Task.Delay(Refresh)).ConfigureAwait(false);
                        Redraw(context, number, of, status);
                    }

                    return await running.ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            finally
            {
                _inStep = false;
                foreach (IRenderable held in _held)
                {
                    console.Write(held);
                }

                _held.Clear();
            }
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

            Show(table);
        }

        public override void Line(string text) => Show(new Markup(Markup.Escape(text) + "\n"));

        private void Redraw(LiveDisplayContext context, int number, int of, string status)
        {
            // updates come from the step's tasks, the refresh from the loop: one redraw at a time
            lock (_gate)
            {
                context.UpdateTarget(View(number, of, status));
            }
        }

        private IRenderable View(int number, int of, string status)
        {
            var steps = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            steps.AddRow(new Markup(string.Create(CultureInfo.InvariantCulture, $"step {number} of {of}")), Bar(number - 1, of, Color.Green, StepBarWidth));
            var parts = new List<IRenderable> { steps, new Markup("[grey]" + Markup.Escape(status) + "[/]") };
            if (_links?.Invoke() is { Count: > 0 } links)
            {
                // narrow enough for 80 columns: secret key rate in kbit/s, the pool as a share of its high watermark, blocks (aborted)
                var table = new Table().AddColumns(new TableColumn("link").NoWrap(), new TableColumn("state").NoWrap(), new TableColumn("QBER").NoWrap(),
                    new TableColumn("kbit/s").NoWrap(), new TableColumn("pool").NoWrap(), new TableColumn(string.Empty).NoWrap(), new TableColumn("blocks").NoWrap());
                foreach (DemoLink l in links)
                {
                    table.AddRow(
                        new Text(l.Id),
                        new Markup(State(l.State)),
                        new Text(l.Qber is { } q ? string.Create(CultureInfo.InvariantCulture, $"{q * 100:F1} %") : "-"),
                        new Text(string.Create(CultureInfo.InvariantCulture, $"{l.SecretKeyRateBps / 1000:F1}")),
                        Bar(Math.Min(l.PoolFraction, 1), 1, Color.Blue, PoolBarWidth),
                        new Text(string.Create(CultureInfo.InvariantCulture, $"{l.PoolFraction * 100:F0} %")),
                        new Text(string.Create(CultureInfo.InvariantCulture, $"{l.Blocks} ({l.AbortedBlocks})")));
                }

                parts.Add(table);
            }

            return new Rows(parts);
        }

        /// <summary>A progress bar: <paramref name="done"/> of <paramref name="total"/>, <paramref name="width"/> cells wide.</summary>
        private static BreakdownChart Bar(double done, double total, Color color, int width)
        {
            double part = total <= 0 ? 0 : Math.Clamp(done / total, 0, 1);
            return new BreakdownChart().Width(width).HideTags()
                .AddItem("done", Math.Max(part, 1e-9), color)
                .AddItem("to go", Math.Max(1 - part, 1e-9), Color.Grey23);
        }

        private static string State(string state) => state switch
        {
            "quarantined" => "[red]quarantined[/]",
            "degraded" => "[yellow]degraded[/]",
            "normal" => "[green]normal[/]",
            _ => Markup.Escape(state),
        };

        private void Show(IRenderable renderable)
        {
            if (_inStep)
            {
                _held.Add(renderable);
            }
            else
            {
                console.Write(renderable);
            }
        }
    }
}
