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
    private readonly Func<byte[]> _publicSeeds;

    /// <summary>Creates a reconciler for the given variant (both ends must use the same one).</summary>
    public CascadeReconciler(CascadeParameters parameters)
        : this(parameters, null)
    {
    }

    /// <summary>
    /// Creates the reconciler with a source of the public permutation seeds Bob announces. Production
    /// uses fresh seeds from <see cref="System.Security.Cryptography.RandomNumberGenerator"/> (an
    /// adversary who knew the permutations in advance could place errors Cascade misses); tests pass a
    /// seeded source so that runs, frame errors included, are reproducible.
    /// </summary>
    internal CascadeReconciler(CascadeParameters parameters, Func<byte[]>? publicSeeds)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        _publicSeeds = publicSeeds ?? (static () => System.Security.Cryptography.RandomNumberGenerator.GetBytes(PublicPermutationRandom.SeedLength));
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
        return new CascadeBobSession(Parameters, bobKey, estimatedQber, channel, _publicSeeds()).RunAsync(cancellationToken);
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
