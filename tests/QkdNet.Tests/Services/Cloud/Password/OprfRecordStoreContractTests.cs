using QkdNet.Services.Cloud.Password;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Cloud.Password;

/// <summary>The contract every <see cref="IOprfRecordStore"/> keeps; one subclass per implementation.</summary>
public abstract class OprfRecordStoreContractTests
{
    protected static readonly UserId Alice = UserId.Create("alice").Value;

    protected abstract IOprfRecordStore Store { get; }

    [ContractFact]
    public void Get_UnknownUser_IsNull()
    {
        Assert.Null(Store.Get(Alice));
    }

    [ContractFact]
    public void TryAdd_ThenGet_GivesAnIndependentCopy()
    {
        using (var record = Record(shareByte: 1, epoch: 0))
        {
            Assert.True(Store.TryAdd(record));
        }

        var first = Store.Get(Alice)!;
        first.Dispose();
        using var second = Store.Get(Alice)!;

        Assert.Equal(1, second.KeyShare[^1]);
        Assert.Equal(0, first.KeyShare[^1]);
    }

    [ContractFact]
    public void TryAdd_SecondRecordForTheSameUser_IsRefusedAndTheFirstKept()
    {
        using var first = Record(shareByte: 1, epoch: 0);
        using var second = Record(shareByte: 2, epoch: 0);

        Assert.True(Store.TryAdd(first));
        Assert.False(Store.TryAdd(second));

        using var stored = Store.Get(Alice)!;
        Assert.Equal(1, stored.KeyShare[^1]);
    }

    [ContractFact]
    public void TryReplace_AtTheCurrentEpoch_Replaces_AtAnyOther_DoesNot()
    {
        using var first = Record(shareByte: 1, epoch: 0);
        using var second = Record(shareByte: 2, epoch: 1);
        using var third = Record(shareByte: 3, epoch: 2);
        Assert.True(Store.TryAdd(first));

        Assert.True(Store.TryReplace(0, second));
        Assert.False(Store.TryReplace(0, third));

        using var stored = Store.Get(Alice)!;
        Assert.Equal(2, stored.KeyShare[^1]);
        Assert.Equal(1, stored.Epoch);
    }

    [ContractFact]
    public void TryRemove_OnlyAtTheCurrentEpoch()
    {
        using var record = Record(shareByte: 1, epoch: 0);
        Assert.True(Store.TryAdd(record));

        Assert.False(Store.TryRemove(Alice, 5));
        Assert.NotNull(Store.Get(Alice));
        Assert.True(Store.TryRemove(Alice, 0));
        Assert.Null(Store.Get(Alice));
    }

    [ContractFact]
    public async Task ConcurrentReplacesFromOneEpoch_ExactlyOneWins()
    {
        using var record = Record(shareByte: 1, epoch: 0);
        Assert.True(Store.TryAdd(record));
        var replacements = Enumerable.Range(2, 16).Select(b => Record((byte)b, epoch: 1)).ToList();

        bool[] won = await Task.WhenAll(replacements.Select(r => Task.Run(() => Store.TryReplace(0, r))));

        Assert.Equal(1, won.Count(w => w));
        using var stored = Store.Get(Alice)!;
        Assert.Equal(replacements[Array.IndexOf(won, true)].KeyShare[^1], stored.KeyShare[^1]);
        replacements.ForEach(r => r.Dispose());
    }

    protected static OprfServerRecord Record(byte shareByte, long epoch)
    {
        byte[] share = new byte[32];
        share[^1] = shareByte;
        byte[] envelope = PasswordEnvelope.Seal(new byte[32], Alice, [1, 2, 3]);
        return OprfServerRecord.Create(Alice, 1, epoch, share, new byte[32], new byte[32], envelope).Value;
    }
}
