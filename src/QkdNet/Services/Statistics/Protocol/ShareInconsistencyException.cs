namespace QkdNet.Services.Statistics.Protocol;

/// <summary>The shares received in an opening do not lie on one polynomial of the expected degree: some party sent a
/// wrong share. Caught at the query boundary and turned into an error; it never leaves the engine.</summary>
public sealed class ShareInconsistencyException : Exception
{
    public ShareInconsistencyException()
    {
    }

    public ShareInconsistencyException(string message)
        : base(message)
    {
    }

    public ShareInconsistencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
