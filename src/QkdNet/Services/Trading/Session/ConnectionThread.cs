using QkdNet.Services.Trading.Channel;

namespace QkdNet.Services.Trading.Session;

/// <summary>
/// Runs one connection of a <see cref="TradeSession"/> on a thread of its own with blocking I/O
/// (<see cref="TradeSession.Run"/>), for <see cref="TradeBroker.ReceiveThread"/> and <see cref="TradeInvestor.ReceiveThread"/>:
/// the thread blocks in the socket's receive and opens, answers or hands on each message itself. Cancellation shuts
/// the socket down, which ends the blocked read.
/// </summary>
internal static class ConnectionThread
{
    /// <summary>
    /// Starts <paramref name="session"/> on <paramref name="socket"/> (connected, never used asynchronously) on a new
    /// background thread named <paramref name="name"/>, after <paramref name="starting"/> ran on it (null: nothing).
    /// </summary>
    /// <returns>How the connection ended, once the thread is done.</returns>
    public static Task<FrameReadStatus> Start(
        string name, Action? starting, TradeSession session, System.Net.Sockets.Socket socket, Stream stream,
        Func<ReadOnlyMemory<byte>, OpenResult, CancellationToken, ValueTask> onMessage, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<FrameReadStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            using CancellationTokenRegistration stop = cancellationToken.UnsafeRegister(static state => ShutDown((System.Net.Sockets.Socket)state!), socket);
            try
            {
                starting?.Invoke();
                FrameReadStatus ended = session.Run(stream, onMessage, null, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    done.TrySetCanceled(cancellationToken);
                }
                else
                {
                    done.TrySetResult(ended);
                }
            }
            catch (OperationCanceledException e)
            {
                done.TrySetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private static void ShutDown(System.Net.Sockets.Socket socket)
    {
        try
        {
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // closed already
        }
    }
}
