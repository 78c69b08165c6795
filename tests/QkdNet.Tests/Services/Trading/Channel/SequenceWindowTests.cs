using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class SequenceWindowTests
{
    [Fact]
    public void Check_ZeroNewerSeenUnseenAndTooOld_AreClassified()
    {
        var window = new SequenceWindow();
        Assert.Equal(OpenStatus.Replayed, window.Check(0));
        window.Accept(1);
        window.Accept(3);
        window.Accept(100);

        Assert.Equal(OpenStatus.Opened, window.Check(101));
        Assert.Equal(OpenStatus.Replayed, window.Check(100));
        Assert.Equal(OpenStatus.Reordered, window.Check(99));
        Assert.Equal(OpenStatus.Replayed, window.Check(3)); // older than the 64-wide window
        Assert.Equal(100UL, window.Newest);
    }
}
