namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// One share server as the client addresses it: a name for reports and the server. The position in the client's list
/// fixes the server's share index (position 1 holds the share at x = 1), as at set-up.
/// </summary>
public sealed record OprfServerConnection(string Name, IOprfServer Server);
