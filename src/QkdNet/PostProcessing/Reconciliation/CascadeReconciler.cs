using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// Cascade error reconciliation (Brassard and Salvail 1993; optimised variants after
/// Martinez-Mateo et al. 2015), as two engines that share only the messages on the channel.
/// Stateless and thread-safe: every call runs its own session.
/// </summary>
public sealed class CascadeReconciler : IReconciler
{
    /// <summary>Creates a reconciler for the given variant (both ends must use the same one).</summary>
    public CascadeReconciler(CascadeParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    /// <summary>The variant this reconciler runs.</summary>
    public CascadeParameters Parameters { get; }

    /// <inheritdoc />
    public string Name => Parameters.Name;

    /// <inheritdoc />
    public Task<ReconciliationResult> ReconcileAliceAsync(
        BitString aliceKey, double estimatedQber, IClassicalChannel channel, CancellationToken cancellationToken = default)
    {
        Validate(aliceKey, estimatedQber, channel);
        return new CascadeAliceSession(Parameters, aliceKey, channel).RunAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<ReconciliationResult> ReconcileBobAsync(
        BitString bobKey, double estimatedQber, IClassicalChannel channel, CancellationToken cancellationToken = default)
    {
        Validate(bobKey, estimatedQber, channel);
        return new CascadeBobSession(Parameters, bobKey, estimatedQber, channel).RunAsync(cancellationToken);
    }

    private static void Validate(BitString key, double estimatedQber, IClassicalChannel channel)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(channel);
        if (key.Length is < 1 or > CascadeParameters.MaxKeyLengthBits)
        {
            throw new ArgumentOutOfRangeException(
                nameof(key), $"Cascade reconciles keys of 1 to {CascadeParameters.MaxKeyLengthBits} bits.");
        }

        if (!(estimatedQber > 0 && estimatedQber < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(estimatedQber), "The estimated QBER must lie in (0, 0.5).");
        }
    }
}
