namespace QkdNet.Services.Statistics.Transport;

/// <summary>A party did not answer (down, disconnected, or past the round timeout). Caught at the query boundary and
/// turned into an error that names the party; it never leaves the engine.</summary>
public sealed class PartyUnavailableException : Exception
{
    public PartyUnavailableException(int party, string reason)
        : base($"party {party} did not answer: {reason}")
    {
        Party = party;
    }

    public PartyUnavailableException()
    {
    }

    public PartyUnavailableException(string message)
        : base(message)
    {
    }

    public PartyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The party that did not answer (0-based).</summary>
    public int Party { get; }
}
