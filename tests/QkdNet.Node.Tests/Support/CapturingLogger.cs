using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace QkdNet.Node.Tests.Support;

/// <summary>A logger that hands every formatted line to the test, which can wait for one (bounded).</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Writer.TryWrite(formatter(state, exception));

    /// <summary>The next line logged, or a <see cref="TimeoutException"/> after 30 s of real time.</summary>
    public async Task<string> NextLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await _lines.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("Nothing was logged within 30 s.");
        }
    }
}
