namespace QkdNet.KeyManagement.Relay;

/// <summary>What a sent hop brought back through <see cref="IRelayHopTransport.SendAsync"/>: the path's answer, or why there is none.</summary>
public sealed record RelayHopReply
{
    private RelayHopReply(RelayPathAnswer answer, string? error, bool padsOutOfSync)
    {
        Answer = answer;
        Error = error;
        PadsOutOfSync = padsOutOfSync;
    }

    /// <summary>The path's answer; meaningful only when <see cref="IsSuccess"/>.</summary>
    public RelayPathAnswer Answer { get; }

    /// <summary>Why the hop failed (IDs and reasons only), or null.</summary>
    public string? Error { get; }

    /// <summary>True when the peer does not hold the pad the hop named: the two stocks disagree (the peer restarted), so the sender drops its stock.</summary>
    public bool PadsOutOfSync { get; }

    /// <summary>True when the path answered.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The path answered.</summary>
    public static RelayHopReply Answered(RelayPathAnswer answer) => new(answer, null, false);

    /// <summary>No answer: the peer refused the hop or could not be reached.</summary>
    public static RelayHopReply Failed(string error) => new(default, error, false);

    /// <summary>The peer refused the hop because it does not hold the pad the hop named.</summary>
    public static RelayHopReply OutOfSync(string error) => new(default, error, true);
}
