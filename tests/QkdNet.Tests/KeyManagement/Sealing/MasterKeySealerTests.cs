using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.Tests.KeyManagement.Sealing;

public sealed class MasterKeySealerTests
{
    private const int FastIterations = SealSetup.MinPbkdf2Iterations;

    [Fact]
    public void Passphrase_OpensTheSameKey_WrongOneIsRejected()
    {
        SealRecord record = MasterKeySealer.Create(new SealSetup("correct horse", 0, 0, FastIterations), out MasterKey key, out _);
        SealRecord reread = SealRecord.FromBytes(record.ToBytes())!;
        Result<MasterKey, KeyStoreFailure> opened = MasterKeySealer.OpenWithPassphrase(reread, "correct horse");
        Assert.True(opened.IsSuccess);
        Assert.True(opened.Value.Bytes.SequenceEqual(key.Bytes));
        Assert.Equal(KeyStoreError.WrongCredential, MasterKeySealer.OpenWithPassphrase(reread, "wrong horse").Error?.Code);
    }

    [Fact]
    public void Shares_ThresholdOpens_FewerOrForeignSharesDoNot()
    {
        SealRecord record = MasterKeySealer.Create(new SealSetup(null, 3, 5), out MasterKey key, out IReadOnlyList<ShamirShare> shares);
        Assert.True(MasterKeySealer.OpenWithShares(record, [shares[4], shares[0], shares[2]]).Value.Bytes.SequenceEqual(key.Bytes));
        Assert.Equal(KeyStoreError.InsufficientShares, MasterKeySealer.OpenWithShares(record, [shares[0], shares[1]]).Error?.Code);
        MasterKeySealer.Create(new SealSetup(null, 3, 5), out _, out IReadOnlyList<ShamirShare> foreign);
        Assert.Equal(KeyStoreError.WrongCredential, MasterKeySealer.OpenWithShares(record, [shares[0], shares[1], foreign[2]]).Error?.Code);
    }

    [Fact]
    public void Record_HoldsNoKeyBytes()
    {
        SealRecord record = MasterKeySealer.Create(new SealSetup("pass", 2, 3, FastIterations), out MasterKey key, out _);
        byte[] stored = record.ToBytes();
        Assert.False(stored.AsSpan().IndexOf(key.Bytes[..8]) >= 0);
        Assert.Equal("MasterKey(256 bits)", key.ToString());
    }
}
