namespace QkdNet.Quantum;

/// <summary>
/// One end of a QKD link as the key-management layer sees it: a source of secret key blocks that
/// the module at the other end of the link holds too, with the same ID and bits. A simulated link
/// (photons, post-processing) and a real device behind ETSI GS QKD 014 both stand behind it.
/// </summary>
/// <remarks>Implementations are thread-safe for one consumer.</remarks>
public interface IQkdModule
{
    /// <summary>A name of the link for logs and metrics (never key material).</summary>
    string LinkName { get; }

    /// <summary>Waits for the next secret key block, shared with the peer module under the same ID.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    ValueTask<SecretKeyBlock> NextKeyBlockAsync(CancellationToken cancellationToken = default);

    /// <summary>The link's latest health figures.</summary>
    QkdModuleStatus Status { get; }
}
