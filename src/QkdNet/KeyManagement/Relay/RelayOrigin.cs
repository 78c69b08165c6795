namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// The origin's side of one relayed key: the secret it made for a <see cref="RelayManifest"/> (the key and its
/// confirmation key, from <see cref="RelayConfirmation.NewSecret"/>), its XOR shares, one per path, and the decision
/// whether the key may be handed to the master SAE once the paths have answered (<see cref="Conclude"/>).
/// <see cref="Dispose"/> zeroes the secret and the shares. Not thread-safe (one relay, one caller).
/// </summary>
public sealed class RelayOrigin : IDisposable
{
    private readonly KeyMaterial _secret;
    private readonly KeyMaterial[] _shares;

    /// <summary>Makes the secret of <paramref name="manifest"/> and splits it into <see cref="RelayManifest.ShareCount"/> shares.</summary>
    public RelayOrigin(RelayManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Manifest = manifest;
        _secret = RelayConfirmation.NewSecret(manifest);
        _shares = XorSharing.Split(_secret.Span, manifest.ShareCount);
    }

    /// <summary>What every share carries.</summary>
    public RelayManifest Manifest { get; }

    /// <summary>The share for path <paramref name="index"/> (owned here).</summary>
    public KeyMaterial Share(int index) => _shares[index];

    /// <summary>The first hop of share <paramref name="index"/>.</summary>
    public RelayHeader FirstHop(int index) => RelayHeader.Create(Manifest, index, 0).Value;

    /// <summary>
    /// Decides from the paths' answers (one per path, in any order): the key, a copy the caller owns, only when some
    /// path says the destination stored it and every such answer carries a confirmation that matches this secret
    /// (<see cref="RelayConfirmation.Confirms"/>). Otherwise why not: <see cref="RelayRejectionReason.ConfirmationFailed"/>
    /// when a confirmation is missing or wrong (a path was tampered with: audit and alarm), or
    /// <see cref="RelayRejectionReason.Expired"/> when no path reported the key stored.
    /// </summary>
    public Result<KeyMaterial, RelayRejection> Conclude(IReadOnlyList<RelayPathAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        RelayPathAnswer[] stored = [.. answers.Where(a => a.Stored)];
        if (stored.Length == 0)
        {
            return new RelayRejection(RelayRejectionReason.Expired, "no path reported the key stored at the destination.", Manifest.RelayId);
        }

        if (stored.Any(a => a.Confirmation is not ulong tag || !RelayConfirmation.Confirms(_secret.Span, Manifest, tag)))
        {
            return new RelayRejection(RelayRejectionReason.ConfirmationFailed,
                "the destination's key confirmation does not match the key made here: a share or the manifest was changed on a path.", Manifest.RelayId);
        }

        return KeyMaterial.CopyOf(_secret.Span[..Manifest.KeyBytes]);
    }

    /// <summary>Zeroes the secret and every share.</summary>
    public void Dispose()
    {
        _secret.Dispose();
        foreach (KeyMaterial share in _shares)
        {
            share.Dispose();
        }
    }
}
