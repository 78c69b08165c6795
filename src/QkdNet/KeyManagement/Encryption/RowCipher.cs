using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QkdNet.KeyManagement.Encryption;

/// <summary>
/// Encrypts rows of key material at rest with AES-256-GCM under data keys derived from the master key.
/// Blob layout: version (1) | epoch (16) | nonce (12) | tag (16) | ciphertext. The associated data names
/// the row (its table, IDs and bookkeeping), so a blob moved to another row fails to decrypt.
/// </summary>
/// <remarks>
/// Nonces are deterministic (NIST SP 800-38D, section 8.2.1): a 32-bit fixed field of zeros and a 64-bit count of the
/// seals made under the epoch's data key. Each epoch's data key comes from a fresh random 128-bit salt into HKDF, drawn
/// by this instance alone, and only this instance seals under it, so a nonce never repeats under one key (a repeat
/// would need two instances to draw the same salt, chance 2^-128 per pair). No random draw per row: each one was an
/// OpenSSL RNG call and a <c>getpid</c> system call on the store's writer. The cipher still moves to a new epoch every
/// 2^24 seals, so no data key seals more than that. Single-threaded: the store's writer owns it.
/// </remarks>
internal sealed class RowCipher : IDisposable
{
    public const int Overhead = HeaderLength + TagLength;
    private const byte FormatVersion = 1;
    private const int EpochLength = 16;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + EpochLength + NonceLength;
    private const string Purpose = "QkdNet.KeyStore.DataKey.v1";
    private const int SealsPerEpoch = 1 << 24;

    private const int FixedFieldLength = NonceLength - sizeof(ulong);

    private readonly Sealing.MasterKey _masterKey;
    private readonly int _sealsPerEpoch;
    private readonly Dictionary<UInt128, AesGcm> _byEpoch = [];
    private UInt128 _epoch;
    private AesGcm _current = null!;
    private int _sealedInEpoch;

    /// <summary>Takes ownership of <paramref name="masterKey"/>; disposing the cipher zeroes it.</summary>
    public RowCipher(Sealing.MasterKey masterKey)
        : this(masterKey, SealsPerEpoch)
    {
    }

    /// <summary>As the public constructor, with a smaller epoch so tests can reach its end.</summary>
    internal RowCipher(Sealing.MasterKey masterKey, int sealsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sealsPerEpoch, 1);
        _masterKey = masterKey;
        _sealsPerEpoch = sealsPerEpoch;
        StartEpoch();
    }

    public Sealing.MasterKey MasterKey => _masterKey;

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        if (_sealedInEpoch == _sealsPerEpoch)
        {
            StartEpoch();
        }

        ulong invocation = (ulong)_sealedInEpoch++;

        byte[] blob = new byte[Overhead + plaintext.Length];
        Span<byte> span = blob;
        span[0] = FormatVersion;
        BinaryPrimitives.WriteUInt128BigEndian(span[1..], _epoch);
        Span<byte> nonce = span.Slice(1 + EpochLength, NonceLength);
        nonce[..FixedFieldLength].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[FixedFieldLength..], invocation);
        _current.Encrypt(nonce, plaintext, span[Overhead..], span.Slice(HeaderLength, TagLength), associatedData);
        return blob;
    }

    /// <summary>Decrypts into <paramref name="plaintext"/> (exactly the ciphertext's length); false when the blob or its associated data was altered.</summary>
    public bool TryOpen(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (blob.Length != Overhead + plaintext.Length || blob[0] != FormatVersion)
        {
            return false;
        }

        AesGcm aes = ForEpoch(BinaryPrimitives.ReadUInt128BigEndian(blob[1..]));
        try
        {
            aes.Decrypt(blob.Slice(1 + EpochLength, NonceLength), blob[Overhead..], blob.Slice(HeaderLength, TagLength), plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public static int PlaintextLength(int blobLength) => blobLength - Overhead;

    public void Dispose()
    {
        foreach (AesGcm aes in _byEpoch.Values)
        {
            aes.Dispose();
        }

        _byEpoch.Clear();
        _masterKey.Dispose();
    }

    private void StartEpoch()
    {
        Span<byte> salt = stackalloc byte[EpochLength];
        RandomNumberGenerator.Fill(salt);
        _epoch = BinaryPrimitives.ReadUInt128BigEndian(salt);
        _current = ForEpoch(_epoch);
        _sealedInEpoch = 0;
    }

    private AesGcm ForEpoch(UInt128 epoch)
    {
        if (!_byEpoch.TryGetValue(epoch, out AesGcm? aes))
        {
            Span<byte> salt = stackalloc byte[EpochLength];
            BinaryPrimitives.WriteUInt128BigEndian(salt, epoch);
            byte[] key = _masterKey.DeriveSubkey(Purpose, salt);
            aes = new AesGcm(key, TagLength);
            CryptographicOperations.ZeroMemory(key);
            _byEpoch.Add(epoch, aes);
        }

        return aes;
    }
}
