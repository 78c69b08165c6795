using System.Globalization;

namespace QkdNet.Cli.Demo;

internal sealed partial class DemoScenario
{
    /// <summary>The step running now (for the message of a stall).</summary>
    private int _step;

    /// <summary>
    /// Waits for <paramref name="task"/> at most <paramref name="limit"/>; past it, a <see cref="DemoStalledException"/>
    /// naming the step and <paramref name="what"/> did not happen, so no await of the scenario can hang the command.
    /// </summary>
    private async Task<T> WithinAsync<T>(Task<T> task, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Stalled(limit, what);
        }
    }

    /// <inheritdoc cref="WithinAsync{T}(Task{T}, TimeSpan, string, CancellationToken)"/>
    private async Task WithinAsync(Task task, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Stalled(limit, what);
        }
    }

    private DemoStalledException Stalled(TimeSpan limit, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"step {_step} of {Steps} stalled: {what} did not happen within {limit.TotalSeconds:0} s"));
}
