using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// What share server i keeps for one user (TOPPSS, the PPSS initialisation): its share k_i of the OPRF key at point
/// x_i = <see cref="ShareIndex"/>, the tag v, its own confirmation key c_i, the envelope holding the user's secret, and
/// the epoch (raised by every replace and refresh, so a replayed request is refused). The key share and c_i are secrets:
/// <see cref="ToString"/> hides them and <see cref="Dispose"/> zeroes them. Immutable apart from disposal.
/// </summary>
public sealed class OprfServerRecord : IDisposable
{
    private const byte FormatVersion = 1;

    private readonly byte[] _keyShare;
    private readonly byte[] _tag;
    private readonly byte[] _confirmationKey;
    private readonly byte[] _envelope;

    private OprfServerRecord(UserId user, int shareIndex, long epoch, byte[] keyShare, byte[] tag, byte[] confirmationKey, byte[] envelope)
    {
        User = user;
        ShareIndex = shareIndex;
        Epoch = epoch;
        _keyShare = keyShare;
        _tag = tag;
        _confirmationKey = confirmationKey;
        _envelope = envelope;
    }

    public UserId User { get; }

    /// <summary>The point x_i of this server's share, 1 to 255.</summary>
    public int ShareIndex { get; }

    /// <summary>Raised by one on every replace and refresh; 0 at enrolment.</summary>
    public long Epoch { get; }

    /// <summary>k_i, 32 bytes big-endian, in [1, q). Secret.</summary>
    public ReadOnlySpan<byte> KeyShare => _keyShare;

    /// <summary>The tag v (32 bytes): public to whoever asks, useless without rwd.</summary>
    public ReadOnlySpan<byte> Tag => _tag;

    /// <summary>c_i (32 bytes). Secret.</summary>
    public ReadOnlySpan<byte> ConfirmationKey => _confirmationKey;

    /// <summary>The sealed secret (<see cref="PasswordEnvelope"/>).</summary>
    public ReadOnlySpan<byte> Envelope => _envelope;

    /// <summary>Validates and copies the parts; the failure names the problem.</summary>
    public static Result<OprfServerRecord> Create(UserId user, int shareIndex, long epoch, ReadOnlySpan<byte> keyShare, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> confirmationKey, ReadOnlySpan<byte> envelope)
    {
        if (user.Value is null)
        {
            return Result<OprfServerRecord>.Fail("the record names no user.");
        }

        if (shareIndex is < 1 or > 255)
        {
            return Result<OprfServerRecord>.Fail($"the share index must be 1 to 255 (got {shareIndex}).");
        }

        if (epoch < 0)
        {
            return Result<OprfServerRecord>.Fail($"the epoch must not be negative (got {epoch}).");
        }

        if (P256.TryScalarFromBytes(keyShare) is not { SignValue: > 0 })
        {
            return Result<OprfServerRecord>.Fail("the key share must be 32 bytes big-endian in [1, q) of P-256.");
        }

        if (tag.Length != PasswordKeys.KeyBytes || confirmationKey.Length != PasswordKeys.KeyBytes)
        {
            return Result<OprfServerRecord>.Fail($"the tag and the confirmation key must be {PasswordKeys.KeyBytes} bytes each.");
        }

        if (!PasswordEnvelope.IsWellFormed(envelope))
        {
            return Result<OprfServerRecord>.Fail($"the envelope is not a version-1 AES-GCM envelope of at most {PasswordEnvelope.MaxSecretBytes} secret bytes.");
        }

        return new OprfServerRecord(user, shareIndex, epoch, keyShare.ToArray(), tag.ToArray(), confirmationKey.ToArray(), envelope.ToArray());
    }

    /// <summary>A copy that its holder disposes independently.</summary>
    public OprfServerRecord Copy() => WithEpoch(Epoch);

    /// <summary>The same record at another epoch (the server sets it on replace and refresh).</summary>
    internal OprfServerRecord WithEpoch(long epoch) =>
        new(User, ShareIndex, epoch, (byte[])_keyShare.Clone(), (byte[])_tag.Clone(), (byte[])_confirmationKey.Clone(), (byte[])_envelope.Clone());

    /// <summary>The same record with another key share (a refresh).</summary>
    internal OprfServerRecord WithKeyShare(byte[] keyShare, long epoch) =>
        new(User, ShareIndex, epoch, keyShare, (byte[])_tag.Clone(), (byte[])_confirmationKey.Clone(), (byte[])_envelope.Clone());

    /// <summary>
    /// The binary form for storage and transport: version (1) || len(user) (1) || user || index (1) || epoch (8) ||
    /// k_i (32) || v (32) || c_i (32) || len(envelope) (4) || envelope. It holds secrets: store it as key material.
    /// </summary>
    public byte[] Serialize()
    {
        byte[] user = Encoding.ASCII.GetBytes(User.Value);
        byte[] bytes = new byte[1 + 1 + user.Length + 1 + 8 + 3 * 32 + 4 + _envelope.Length];
        var span = bytes.AsSpan();
        span[0] = FormatVersion;
        span[1] = (byte)user.Length;
        user.CopyTo(span[2..]);
        span = span[(2 + user.Length)..];
        span[0] = (byte)ShareIndex;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], Epoch);
        _keyShare.CopyTo(span[9..]);
        _tag.CopyTo(span[41..]);
        _confirmationKey.CopyTo(span[73..]);
        BinaryPrimitives.WriteInt32BigEndian(span[105..], _envelope.Length);
        _envelope.CopyTo(span[109..]);
        return bytes;
    }

    /// <summary>Parses <see cref="Serialize"/>'s form; the failure names the problem, never a byte of the record.</summary>
    public static Result<OprfServerRecord> TryDeserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2 || bytes[0] != FormatVersion)
        {
            return Result<OprfServerRecord>.Fail("the record is not in format version 1.");
        }

        int userLength = bytes[1];
        if (bytes.Length < 2 + userLength + 109)
        {
            return Result<OprfServerRecord>.Fail("the record is truncated.");
        }

        var user = UserId.Create(Encoding.ASCII.GetString(bytes.Slice(2, userLength)));
        if (!user.IsSuccess)
        {
            return Result<OprfServerRecord>.Fail("the record's user name is invalid: " + user.Error);
        }

        var span = bytes[(2 + userLength)..];
        int envelopeLength = BinaryPrimitives.ReadInt32BigEndian(span[105..]);
        if (envelopeLength < 0 || span.Length != 109 + envelopeLength)
        {
            return Result<OprfServerRecord>.Fail("the record's envelope length does not match its size.");
        }

        return Create(user.Value, span[0], BinaryPrimitives.ReadInt64BigEndian(span[1..]), span.Slice(9, 32), span.Slice(41, 32), span.Slice(73, 32), span[109..]);
    }

    /// <summary>SHA-256 of the record at epoch 0: what a replace authorisation covers.</summary>
    internal byte[] ContentDigest()
    {
        byte[] serialized = WithEpochZeroSerialized();
        byte[] digest = SHA256.HashData(serialized);
        CryptographicOperations.ZeroMemory(serialized);
        return digest;
    }

    /// <summary>Zeroes the key share and the confirmation key.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_keyShare);
        CryptographicOperations.ZeroMemory(_confirmationKey);
    }

    /// <summary>User, index and epoch; never a key.</summary>
    public override string ToString() => $"OprfServerRecord(user {User}, share {ShareIndex}, epoch {Epoch})";

    private byte[] WithEpochZeroSerialized()
    {
        using var atZero = WithEpoch(0);
        return atZero.Serialize();
    }
}
