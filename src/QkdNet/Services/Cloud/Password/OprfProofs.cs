using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The proofs a client that computed rwd gives server i: HMAC-SHA256 (RFC 2104) under that server's confirmation key c_i
/// over a label, the user, the record's epoch and a payload, each length-prefixed. Only rwd yields c_i, and server i
/// holds only its own c_i, so a corrupt server cannot forge a proof for another. Thread-safe (no shared state).
/// </summary>
internal static class OprfProofs
{
    public const int ProofBytes = 32;

    public const string ConfirmLabel = "confirm";
    public const string ReplaceLabel = "replace";
    public const string RemoveLabel = "remove";
    public const string RefreshLabel = "refresh";

    /// <summary>The proof for (label, user, epoch, payload) under <paramref name="confirmationKey"/>.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> confirmationKey, string label, UserId user, long epoch, ReadOnlySpan<byte> payload)
    {
        byte[] labelBytes = Encoding.ASCII.GetBytes("QkdNet TOPPSS " + label);
        byte[] userBytes = Encoding.ASCII.GetBytes(user.Value);
        byte[] message = new byte[2 + labelBytes.Length + 2 + userBytes.Length + 8 + 4 + payload.Length];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)labelBytes.Length);
        labelBytes.CopyTo(span[2..]);
        span = span[(2 + labelBytes.Length)..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)userBytes.Length);
        userBytes.CopyTo(span[2..]);
        span = span[(2 + userBytes.Length)..];
        BinaryPrimitives.WriteInt64BigEndian(span, epoch);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], payload.Length);
        payload.CopyTo(span[12..]);
        byte[] proof = HMACSHA256.HashData(confirmationKey, message);
        CryptographicOperations.ZeroMemory(message);
        return proof;
    }

    /// <summary>Constant-time check of a proof.</summary>
    public static bool Verify(ReadOnlySpan<byte> confirmationKey, string label, UserId user, long epoch, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> proof)
    {
        byte[] expected = Compute(confirmationKey, label, user, epoch, payload);
        return proof.Length == ProofBytes && CryptographicOperations.FixedTimeEquals(expected, proof);
    }
}
