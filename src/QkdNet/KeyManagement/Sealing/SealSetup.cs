namespace QkdNet.KeyManagement.Sealing;

/// <summary>
/// How a new store's master key may be opened: by <see cref="Passphrase"/>, by any
/// <see cref="ShareThreshold"/> of <see cref="ShareCount"/> Shamir shares, or both.
/// </summary>
/// <param name="Passphrase">The operator passphrase, or null for shares only.</param>
/// <param name="ShareThreshold">Shares needed to unseal (t), or 0 for no shares.</param>
/// <param name="ShareCount">Shares handed out (n), or 0 for no shares.</param>
/// <param name="Pbkdf2Iterations">PBKDF2-HMAC-SHA256 iterations for the passphrase; at least <see cref="MinPbkdf2Iterations"/>.</param>
public sealed record SealSetup(string? Passphrase, int ShareThreshold = 0, int ShareCount = 0, int Pbkdf2Iterations = SealSetup.DefaultPbkdf2Iterations)
{
    /// <summary>600,000: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultPbkdf2Iterations = 600_000;

    /// <summary>Fewest iterations accepted (tests use it; production keeps the default).</summary>
    public const int MinPbkdf2Iterations = 1_000;

    /// <summary>Whether shares are requested.</summary>
    public bool UsesShares => ShareCount > 0;

    /// <summary>Throws <see cref="ArgumentException"/> when no method is chosen or a parameter is out of range.</summary>
    public void Validate()
    {
        if (Passphrase is null && !UsesShares)
        {
            throw new ArgumentException("Choose a passphrase, shares, or both.");
        }

        if (Passphrase is not null && (Passphrase.Length == 0 || Pbkdf2Iterations < MinPbkdf2Iterations))
        {
            throw new ArgumentException($"The passphrase must be non-empty and use at least {MinPbkdf2Iterations} iterations.");
        }

        if (UsesShares && (ShareThreshold < 1 || ShareThreshold > ShareCount || ShareCount > ShamirSecretSharing.MaxShares))
        {
            throw new ArgumentException($"Shares need 1 <= threshold <= count <= {ShamirSecretSharing.MaxShares}.");
        }
    }
}
