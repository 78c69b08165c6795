namespace QkdNet.Cli;

/// <summary>A user mistake found after parsing (a value out of range): reported as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
