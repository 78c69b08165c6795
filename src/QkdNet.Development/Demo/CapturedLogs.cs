using System.Text;
using Microsoft.Extensions.Logging;

namespace QkdNet.Development.Demo;

/// <summary>
/// The log lines of one host embedded in another command's process, kept in memory instead of written to the console
/// (which belongs to the command): read by <see cref="EmbeddedNetwork.LogsOf"/> as a process's captured output is.
/// Bounded: past <see cref="MaxChars"/> the oldest half is dropped. Thread-safe. Lines carry what the host logs and
/// nothing more; no host of this project logs key bytes.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    /// <summary>Most characters kept.</summary>
    public const int MaxChars = 8 << 20;

    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private long _dropped;

    /// <summary>Everything kept, one line per entry: level, category, message.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Characters written so far, dropped ones included: a mark to read only what came after it with <see cref="Since"/>.</summary>
    public long Written
    {
        get
        {
            lock (_gate)
            {
                return _dropped + _text.Length;
            }
        }
    }

    /// <summary>What was written after <paramref name="mark"/> (a <see cref="Written"/> value), as far as it is still kept.</summary>
    public string Since(long mark)
    {
        lock (_gate)
        {
            int from = (int)Math.Clamp(mark - _dropped, 0, _text.Length);
            return _text.ToString(from, _text.Length - from);
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
        // nothing held but memory
    }

    private void Append(LogLevel level, string category, string message)
    {
        lock (_gate)
        {
            if (_text.Length > MaxChars)
            {
                int half = _text.Length / 2;
                _text.Remove(0, half);
                _dropped += half;
            }

            _text.Append(level.ToString().ToLowerInvariant()).Append(": ").Append(category).Append(": ").Append(message).Append('\n');
        }
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            // the exception's type only, as the console logs of the hosts' own handlers give it: no stack in a demo's memory
            string message = exception is null ? formatter(state, null) : $"{formatter(state, exception)} ({exception.GetType().Name})";
            sink.Append(logLevel, category, message);
        }
    }
}
