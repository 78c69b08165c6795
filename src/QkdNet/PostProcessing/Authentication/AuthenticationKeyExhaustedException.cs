namespace QkdNet.PostProcessing.Authentication;

/// <summary>The authentication key pool has too few bits left to authenticate the next message.</summary>
/// <remarks>The message never contains key bits or tags.</remarks>
public sealed class AuthenticationKeyExhaustedException : Exception
{
    public AuthenticationKeyExhaustedException()
        : base("The authentication key pool has too few bits left to authenticate the next message.")
    {
    }

    public AuthenticationKeyExhaustedException(string message)
        : base(message)
    {
    }

    public AuthenticationKeyExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
