using QkdNet.Services.Cloud.Password;

namespace QkdNet.Tests.Services.Cloud.Password;

public sealed class OprfServerRecordTests
{
    private static readonly UserId Alice = UserId.Create("alice").Value;
    private static readonly byte[] KeyShare = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] Tag = [.. Enumerable.Repeat((byte)0xA1, 32)];
    private static readonly byte[] ConfirmationKey = [.. Enumerable.Repeat((byte)0xC3, 32)];

    [Fact]
    public void Serialize_ThenDeserialize_GivesTheSameRecord()
    {
        using var record = Valid();

        using var back = OprfServerRecord.TryDeserialize(record.Serialize()).Value;

        Assert.Equal(record.User, back.User);
        Assert.Equal(record.ShareIndex, back.ShareIndex);
        Assert.Equal(record.Epoch, back.Epoch);
        Assert.Equal(record.KeyShare.ToArray(), back.KeyShare.ToArray());
        Assert.Equal(record.Tag.ToArray(), back.Tag.ToArray());
        Assert.Equal(record.ConfirmationKey.ToArray(), back.ConfirmationKey.ToArray());
        Assert.Equal(record.Envelope.ToArray(), back.Envelope.ToArray());
    }

    [Fact]
    public void TryDeserialize_EveryTruncation_FailsWithAReason()
    {
        using var record = Valid();
        byte[] bytes = record.Serialize();

        for (int length = 0; length < bytes.Length; length++)
        {
            var result = OprfServerRecord.TryDeserialize(bytes.AsSpan(0, length));
            Assert.False(result.IsSuccess, $"length {length}");
            Assert.DoesNotContain(Convert.ToHexString(KeyShare), result.Error!, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(0, "share index")]
    [InlineData(256, "share index")]
    public void Create_ShareIndexOutOfRange_NamesTheProblem(int index, string expected)
    {
        var result = OprfServerRecord.Create(Alice, index, 0, KeyShare, Tag, ConfirmationKey, Envelope());

        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Create_KeyShareZeroOrNotBelowTheOrder_IsRefused()
    {
        Assert.Contains("key share", OprfServerRecord.Create(Alice, 1, 0, new byte[32], Tag, ConfirmationKey, Envelope()).Error);
        Assert.Contains("key share", OprfServerRecord.Create(Alice, 1, 0, Enumerable.Repeat((byte)0xFF, 32).ToArray(), Tag, ConfirmationKey, Envelope()).Error);
    }

    [Fact]
    public void ToString_ShowsNoSecret()
    {
        using var record = Valid();

        string text = record.ToString();

        Assert.Contains("alice", text);
        Assert.DoesNotContain(Convert.ToHexString(KeyShare), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(ConfirmationKey), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Dispose_ZeroesTheKeyShareAndConfirmationKey()
    {
        var record = Valid();

        record.Dispose();

        Assert.All(record.KeyShare.ToArray(), b => Assert.Equal(0, b));
        Assert.All(record.ConfirmationKey.ToArray(), b => Assert.Equal(0, b));
    }

    private static OprfServerRecord Valid() => OprfServerRecord.Create(Alice, 3, 4, KeyShare, Tag, ConfirmationKey, Envelope()).Value;

    private static byte[] Envelope() => PasswordEnvelope.Seal(new byte[32], Alice, [9, 8, 7]);
}
