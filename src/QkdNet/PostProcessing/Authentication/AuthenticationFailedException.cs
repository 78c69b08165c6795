namespace QkdNet.PostProcessing.Authentication;

/// <summary>A received classical message failed Wegman-Carter authentication; the session must be aborted.</summary>
/// <remarks>The message never contains key bits or tags.</remarks>
public sealed class AuthenticationFailedException : Exception
{
    public AuthenticationFailedException()
        : base("A received classical message failed Wegman-Carter authentication; the session must be aborted.")
    {
    }

    public AuthenticationFailedException(string message)
        : base(message)
    {
    }

    public AuthenticationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
