using System.Security.Cryptography;
using QkdNet.KeyManagement.Encryption;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.Tests.KeyManagement.Encryption;

public sealed class RowCipherTests
{
    private const int EpochOffset = 1;
    private const int EpochLength = 16;
    private const int NonceOffset = EpochOffset + EpochLength;
    private const int NonceLength = 12;

    private static readonly byte[] AssociatedData = "key.v1|row"u8.ToArray();

    [Fact]
    public void Seal_ThenOpen_ReturnsThePlaintext()
    {
        using var cipher = new RowCipher(MasterKey.Generate());
        byte[] plain = RandomNumberGenerator.GetBytes(32);

        byte[] blob = cipher.Seal(plain, AssociatedData);

        byte[] opened = new byte[RowCipher.PlaintextLength(blob.Length)];
        Assert.True(cipher.TryOpen(blob, AssociatedData, opened));
        Assert.True(CryptographicOperations.FixedTimeEquals(plain, opened));
    }

    [Fact]
    public void Open_WithOtherAssociatedDataOrAlteredBlob_Fails()
    {
        using var cipher = new RowCipher(MasterKey.Generate());
        byte[] blob = cipher.Seal(new byte[32], AssociatedData);
        byte[] opened = new byte[32];

        Assert.False(cipher.TryOpen(blob, "key.v1|other"u8, opened));
        blob[NonceOffset] ^= 1; // the nonce is authenticated through the tag
        Assert.False(cipher.TryOpen(blob, AssociatedData, opened));
    }

    [Fact]
    public void Seal_NoncesCountUpWithinAnEpoch_NeverRepeating()
    {
        using var cipher = new RowCipher(MasterKey.Generate());
        var nonces = new HashSet<string>(StringComparer.Ordinal);
        for (ulong i = 0; i < 1000; i++)
        {
            byte[] blob = cipher.Seal(new byte[32], AssociatedData);
            ReadOnlySpan<byte> nonce = blob.AsSpan(NonceOffset, NonceLength);

            Assert.True(nonce[..4].IndexOfAnyExcept((byte)0) < 0, "the fixed field is zero");
            Assert.Equal(i, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(nonce[4..]));
            Assert.True(nonces.Add(Convert.ToHexString(nonce)));
        }
    }

    [Fact]
    public void Seal_AfterAnEpochsSeals_MovesToAFreshEpochAndRestartsTheCount_OldRowsStillOpen()
    {
        using var cipher = new RowCipher(MasterKey.Generate(), sealsPerEpoch: 3);
        byte[][] plains = [.. Enumerable.Range(0, 7).Select(_ => RandomNumberGenerator.GetBytes(32))];

        byte[][] blobs = [.. plains.Select(p => cipher.Seal(p, AssociatedData))];

        string[] epochs = [.. blobs.Select(b => Convert.ToHexString(b, EpochOffset, EpochLength))];
        Assert.Equal(3, epochs.Distinct().Count());
        Assert.Equal([epochs[0], epochs[0], epochs[0], epochs[3], epochs[3], epochs[3], epochs[6]], epochs);
        Assert.Equal([0UL, 1, 2, 0, 1, 2, 0], blobs.Select(b => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(NonceOffset + 4, 8))));
        for (int i = 0; i < blobs.Length; i++)
        {
            byte[] opened = new byte[32];
            Assert.True(cipher.TryOpen(blobs[i], AssociatedData, opened));
            Assert.True(CryptographicOperations.FixedTimeEquals(plains[i], opened));
        }
    }

    [Fact]
    public void TwoCiphers_UnderOneMasterKey_SealUnderDifferentEpochs()
    {
        // the count restarts in every instance: the instance's own random epoch salt is what keeps (key, nonce) pairs apart
        byte[] master = RandomNumberGenerator.GetBytes(MasterKey.Length);
        using var first = new RowCipher(MasterKey.TakeOwnership([.. master]));
        using var second = new RowCipher(MasterKey.TakeOwnership([.. master]));
        CryptographicOperations.ZeroMemory(master);

        byte[] a = first.Seal(new byte[32], AssociatedData);
        byte[] b = second.Seal(new byte[32], AssociatedData);

        Assert.NotEqual(Convert.ToHexString(a, EpochOffset, EpochLength), Convert.ToHexString(b, EpochOffset, EpochLength));
        byte[] opened = new byte[32];
        Assert.True(second.TryOpen(a, AssociatedData, opened), "either instance opens the other's rows");
    }
}
