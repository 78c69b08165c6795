using System.Text;
using Microsoft.Extensions.Logging;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// What a store's catch-all handlers log: the exception's type and stack trace, for the whole chain of inner
/// exceptions, and never a message. A storage failure is usually the disk or the server, but the same handler catches
/// a bug, and only the stack tells them apart; a message may carry anything (a value the code was handling, a
/// connection string), so it stays out of the log, as it stays out of the caller's answer.
/// </summary>
internal static partial class StoreFailureLog
{
    /// <summary>A batch of <paramref name="requests"/> requests rolled back on <paramref name="failure"/>.</summary>
    public static void BatchFailed(ILogger logger, string store, int requests, Exception failure) =>
        LogBatchFailed(logger, store, requests, Describe(failure));

    /// <summary>Restoring a known state after a rollback failed: the store stops serving (or reconnects).</summary>
    public static void RecoveryFailed(ILogger logger, string store, Exception failure) =>
        LogRecoveryFailed(logger, store, Describe(failure));

    /// <summary>The exception's type and stack trace, then each inner exception's, without any message.</summary>
    internal static string Describe(Exception failure)
    {
        var text = new StringBuilder();
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (text.Length > 0)
            {
                text.AppendLine().Append(" ---> ");
            }

            text.Append(e.GetType().FullName);
            if (e.StackTrace is { } stack)
            {
                text.AppendLine().Append(stack);
            }
        }

        return text.ToString();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "The {Store} failed a batch of {Requests} requests; they were rolled back and consumed nothing. {Failure}")]
    private static partial void LogBatchFailed(ILogger logger, string store, int requests, string failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "The {Store} could not be brought back to a known state after a rollback. {Failure}")]
    private static partial void LogRecoveryFailed(ILogger logger, string store, string failure);
}
