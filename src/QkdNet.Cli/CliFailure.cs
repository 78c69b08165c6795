using System.Net.Sockets;
using System.Security.Cryptography;

namespace QkdNet.Cli;

/// <summary>
/// What the user reads when a command fails: one line naming the cause and the way out, and the exit code
/// (<see cref="CliApp.BadInput"/> for a mistake or an expected operational failure, <see cref="CliApp.Failed"/> for
/// anything else, which is a bug and says how to get its stack trace).
/// </summary>
internal sealed record CliFailure(string Message, int ExitCode)
{
    public static CliFailure From(Exception e)
    {
        if (e is UsageException)
        {
            return Expected(e.Message);
        }

        if (IsAddressInUse(e))
        {
            return Expected($"cannot listen: {FirstLine(e.Message)} Another process holds the port: stop it, or choose another port (listen in the configuration, or --listen).");
        }

        return e switch
        {
            // the HTTP client wraps the socket error ("Connection refused (127.0.0.1:8442)") that says what happened
            HttpRequestException => Expected($"cannot reach the server: {FirstLine(e.Message).TrimEnd('.')}. Is it running, and is the URL right?"),
            FileNotFoundException f => Expected($"{f.FileName ?? FirstLine(f.Message)}: no such file."),
            DirectoryNotFoundException or UnauthorizedAccessException => Expected(FirstLine(e.Message)),
            CryptographicException => Expected($"a certificate or key could not be read: {FirstLine(e.Message)}"),
            _ => new CliFailure($"unexpected error: {FirstLine(e.Message)} ({e.GetType().Name}; run again with --verbose for the stack trace).", CliApp.Failed),
        };
    }

    private static CliFailure Expected(string message) => new(message, CliApp.BadInput);

    internal static bool IsAddressInUse(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || x is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                return true;
            }
        }

        return false;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
