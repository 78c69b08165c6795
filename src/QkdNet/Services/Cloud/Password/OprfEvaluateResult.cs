namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// A server's answer to an evaluation: on <see cref="OprfStatus.Ok"/>, b_i = k_i * a with the server's share index, the
/// stored tag and envelope, the record's epoch and the guess's identifier; on <see cref="OprfStatus.RateLimited"/>, how
/// long to wait.
/// </summary>
public sealed record OprfEvaluateResult
{
    private OprfEvaluateResult(OprfStatus status, string? problem)
    {
        Status = status;
        Problem = problem;
    }

    public OprfStatus Status { get; }

    public string? Problem { get; }

    /// <summary>x_i of the answering server's share, 1 to 255.</summary>
    public int ShareIndex { get; private init; }

    /// <summary>b_i = k_i * a.</summary>
    public GroupElement? EvaluatedElement { get; private init; }

    /// <summary>The stored tag v (32 bytes).</summary>
    public byte[] Tag { get; private init; } = [];

    /// <summary>The stored envelope.</summary>
    public byte[] Envelope { get; private init; } = [];

    /// <summary>The record's epoch, which refresh, replace and remove proofs cover.</summary>
    public long Epoch { get; private init; }

    /// <summary>The guess this evaluation counted, for <see cref="IOprfServer.ConfirmAsync"/>.</summary>
    public GuessId Guess { get; private init; }

    /// <summary>On <see cref="OprfStatus.RateLimited"/>, the wait before the next guess is allowed.</summary>
    public TimeSpan RetryAfter { get; private init; }

    public static OprfEvaluateResult Evaluated(int shareIndex, GroupElement evaluatedElement, byte[] tag, byte[] envelope, long epoch, GuessId guess) =>
        new(OprfStatus.Ok, null) { ShareIndex = shareIndex, EvaluatedElement = evaluatedElement, Tag = tag, Envelope = envelope, Epoch = epoch, Guess = guess };

    public static OprfEvaluateResult Limited(TimeSpan retryAfter, string problem) => new(OprfStatus.RateLimited, problem) { RetryAfter = retryAfter };

    public static OprfEvaluateResult Failed(OprfStatus status, string problem) => new(status, problem);
}
