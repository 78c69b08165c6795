using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class SequenceWindowTests
{
    private const ulong Epoch = 1_000;

    [Fact]
    public void Check_ZeroNewerSeenUnseenAndTooOld_AreClassified()
    {
        var window = new SequenceWindow();
        Assert.Equal(OpenStatus.Replayed, window.Check(Epoch, 0));
        window.Accept(Epoch, 1);
        window.Accept(Epoch, 3);
        window.Accept(Epoch, 100);

        Assert.Equal(OpenStatus.Opened, window.Check(Epoch, 101));
        Assert.Equal(OpenStatus.Replayed, window.Check(Epoch, 100));
        Assert.Equal(OpenStatus.Reordered, window.Check(Epoch, 99));
        Assert.Equal(OpenStatus.Replayed, window.Check(Epoch, 3)); // older than the 64-wide window
        Assert.Equal(100UL, window.Newest);
    }

    [Fact]
    public void Check_LaterEpoch_AcceptsSequenceOneAndThenRefusesTheEarlierEpoch()
    {
        var window = new SequenceWindow();
        window.Accept(Epoch, 1);
        window.Accept(Epoch, 500);

        Assert.Equal(OpenStatus.Opened, window.Check(Epoch + 1, 1));
        window.Accept(Epoch + 1, 1);

        Assert.Equal(Epoch + 1, window.Epoch);
        Assert.Equal(1UL, window.Newest);
        Assert.Equal(OpenStatus.Replayed, window.Check(Epoch + 1, 1));
        Assert.Equal(OpenStatus.Replayed, window.Check(Epoch, 501)); // newer in the old session, still the old session
        Assert.Equal(OpenStatus.Opened, window.Check(Epoch + 1, 2));
    }
}
