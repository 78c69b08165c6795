namespace QkdNet.Cli.Demo;

/// <summary>
/// A step of the demo waited past its bound for something that did not happen; the message names the step and what it
/// waited for (the command then keeps the servers' logs in the run's folder and says where).
/// </summary>
internal sealed class DemoStalledException(string message) : Exception(message);
