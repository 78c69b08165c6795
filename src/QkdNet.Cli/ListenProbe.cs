using System.Net;
using System.Net.Sockets;

namespace QkdNet.Cli;

/// <summary>
/// Checks that a listen address is free before a server opens its store or starts its background work, so a port in
/// use is one line and no half-started node (Kestrel would find out only after the host started, and log its trace).
/// </summary>
internal static class ListenProbe
{
    /// <summary>Throws a <see cref="UsageException"/> naming <paramref name="setting"/> when another process listens on <paramref name="endpoint"/>.</summary>
    public static void ThrowIfInUse(IPEndPoint endpoint, string setting)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // as Kestrel does on Unix: a port left in TIME_WAIT by a process that just stopped is free, a listener is not
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new UsageException($"cannot listen on {endpoint}: another process holds the port (is this node or controller already running?); stop it, or change {setting}.");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            throw new UsageException($"cannot listen on {endpoint}: no interface of this machine has that address; change {setting}.");
        }
    }
}
