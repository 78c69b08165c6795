using QkdNet.Cli.Demo;
using Spectre.Console;

namespace QkdNet.Tests.Cli;

/// <summary><c>qkdnet demo</c>'s progress: a live Spectre.Console display on a terminal, plain lines anywhere else.</summary>
public sealed class DemoViewTests
{
    private static readonly DemoLink[] Links =
    [
        new("otemachi-hongo", "gys", 13, "quarantined", 0.266, 0, 0.4, 12, 2),
        new("hakusan-hongo", "gys", 2, "normal", 0.033, 1600, 1.7, 10, 0),
    ];

    [Fact]
    public async Task For_AWriterThatIsNotTheTerminal_WritesOnePlainLinePerUpdate_AndTablesAsLines()
    {
        using var output = new StringWriter();
        DemoView view = DemoView.For(output);

        int answer = await view.StepAsync(2, 5, "orders", update =>
        {
            update("sending 20 orders");
            view.Table("orders", ["answered"], [["20 of 20"]]);
            return Task.FromResult(42);
        });

        Assert.Equal(42, answer);
        Assert.Equal(["demo 2/5: orders", "demo 2/5: sending 20 orders", "orders", "  answered", "  20 of 20"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Terminal_DrawsTheStepsBarAndTheWatchedLinksLive_AndWritesTheStepsTableAfterIt()
    {
        using var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.TrueColor, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(output),
        });
        var view = new DemoView.Terminal(console);
        view.Watch(() => Links);
        string? drawnBeforeTheTable = null;

        await view.StepAsync(5, 5, "attack", async update =>
        {
            update("waiting for quarantine");
            await Task.Delay(DemoView.Terminal.Refresh * 2);
            drawnBeforeTheTable = output.ToString();
            view.Table("attack on otemachi-hongo", ["quarantined after"], [["5.5 s"]]);
            return true;
        });

        Assert.NotNull(drawnBeforeTheTable);
        Assert.Contains("otemachi-hongo", drawnBeforeTheTable, StringComparison.Ordinal);
        Assert.Contains("quarantined", drawnBeforeTheTable, StringComparison.Ordinal);
        Assert.Contains("waiting for quarantine", drawnBeforeTheTable, StringComparison.Ordinal);
        Assert.Contains("step 5 of 5", drawnBeforeTheTable, StringComparison.Ordinal);
        // the step's table waits for the live display to end, then is written below it
        Assert.DoesNotContain("quarantined after", drawnBeforeTheTable, StringComparison.Ordinal);
        Assert.Contains("quarantined after", output.ToString(), StringComparison.Ordinal);
    }
}
