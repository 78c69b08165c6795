using QkdNet.PostProcessing.PrivacyAmplification;

namespace QkdNet.Tests.PostProcessing.PrivacyAmplification;

public sealed class ToeplitzScratchTests
{
    [Fact]
    public void Return_ZeroesTheUsedWords_SoTheNextRentIsAllZero()
    {
        ulong[] first = ToeplitzScratch.Rent(0, 1000);
        first.AsSpan(0, 1000).Fill(0xDEAD_BEEF);
        ToeplitzScratch.Return(0, first, 1000);

        Assert.All(first, w => Assert.Equal(0UL, w));
        ulong[] second = ToeplitzScratch.Rent(0, 500);
        Assert.Same(first, second);
        Assert.All(second, w => Assert.Equal(0UL, w));
        ToeplitzScratch.Return(0, second, 500);
    }

    [Fact]
    public void Rent_WhileTheSlotIsInUse_GivesAnotherArray()
    {
        ulong[] outer = ToeplitzScratch.Rent(1, 64);
        ulong[] inner = ToeplitzScratch.Rent(1, 64);

        Assert.NotSame(outer, inner);
        ToeplitzScratch.Return(1, inner, 64);
        ToeplitzScratch.Return(1, outer, 64);
    }

    [Fact]
    public void Return_OfAnArrayLargerThanTheCap_ZeroesItButDoesNotKeepIt()
    {
        var large = new ulong[ToeplitzScratch.MaxCachedWords + 1];
        large[^1] = 7;
        ToeplitzScratch.Return(2, large, large.Length);

        Assert.Equal(0UL, large[^1]);
        Assert.NotSame(large, ToeplitzScratch.Rent(2, ToeplitzScratch.MaxCachedWords + 1));
    }
}
