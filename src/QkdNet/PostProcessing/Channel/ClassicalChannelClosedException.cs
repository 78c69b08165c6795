namespace QkdNet.PostProcessing.Channel;

/// <summary>The other end of a classical channel closed it before the expected message came.</summary>
public sealed class ClassicalChannelClosedException : Exception
{
    public ClassicalChannelClosedException()
        : base("The classical channel was closed by the other end.")
    {
    }

    public ClassicalChannelClosedException(string message)
        : base(message)
    {
    }

    public ClassicalChannelClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
