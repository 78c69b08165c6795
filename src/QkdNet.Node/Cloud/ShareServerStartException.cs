namespace QkdNet.Node.Cloud;

/// <summary>A share server cannot start (its certificate, its store); the message is one line for the operator.</summary>
public sealed class ShareServerStartException : Exception
{
    public ShareServerStartException()
    {
    }

    public ShareServerStartException(string message)
        : base(message)
    {
    }

    public ShareServerStartException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
