using System.Security.Cryptography;
using System.Text;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The user's secret sealed under the envelope key from rwd: AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce,
/// the user name and a version as associated data. Layout: version (1) || nonce (12) || ciphertext || tag (16).
/// Thread-safe (no shared state).
/// </summary>
internal static class PasswordEnvelope
{
    /// <summary>Largest secret, in bytes (the envelope travels in every evaluation answer).</summary>
    public const int MaxSecretBytes = 64 * 1024;

    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int Overhead = 1 + NonceBytes + TagBytes;

    /// <summary>Seals <paramref name="secret"/> under <paramref name="key"/> (32 bytes).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, UserId user, ReadOnlySpan<byte> secret)
    {
        byte[] envelope = new byte[Overhead + secret.Length];
        envelope[0] = Version;
        Span<byte> nonce = envelope.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, secret, envelope.AsSpan(1 + NonceBytes, secret.Length), envelope.AsSpan(envelope.Length - TagBytes), AssociatedData(user));
        return envelope;
    }

    /// <summary>Opens an envelope; null when it is malformed or does not authenticate under <paramref name="key"/>.</summary>
    public static byte[]? TryOpen(ReadOnlySpan<byte> key, UserId user, ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < Overhead || envelope[0] != Version)
        {
            return null;
        }

        byte[] secret = new byte[envelope.Length - Overhead];
        using var aes = new AesGcm(key, TagBytes);
        try
        {
            aes.Decrypt(envelope.Slice(1, NonceBytes), envelope.Slice(1 + NonceBytes, secret.Length), envelope[^TagBytes..], secret, AssociatedData(user));
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(secret);
            return null;
        }
    }

    /// <summary>True when the bytes have an envelope's shape (a server checks this at enrolment).</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> envelope) =>
        envelope.Length >= Overhead && envelope.Length <= Overhead + MaxSecretBytes && envelope[0] == Version;

    private static byte[] AssociatedData(UserId user) => Encoding.ASCII.GetBytes("QkdNet TOPPSS envelope v1 " + user.Value);
}
