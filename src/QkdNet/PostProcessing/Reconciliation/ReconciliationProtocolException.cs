namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// The other end broke the reconciliation protocol: a malformed, truncated or unexpected message,
/// or parameters this end does not accept. The message never contains key bits.
/// </summary>
public sealed class ReconciliationProtocolException : Exception
{
    public ReconciliationProtocolException()
        : base("The reconciliation protocol was violated by the other end.")
    {
    }

    public ReconciliationProtocolException(string message)
        : base(message)
    {
    }

    public ReconciliationProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
