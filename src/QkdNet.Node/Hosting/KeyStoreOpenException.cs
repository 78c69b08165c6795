namespace QkdNet.Node.Hosting;

/// <summary>The configured key store could not be opened (server unreachable, login refused, store held by another process); the message names the store, never a password.</summary>
public sealed class KeyStoreOpenException(string message, Exception inner) : Exception(message, inner);
