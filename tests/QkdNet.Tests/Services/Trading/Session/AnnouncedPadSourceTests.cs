using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;
using QkdNet.Services.Trading.Session;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Tests.Services.Trading.Session;

/// <summary>The sender's pad: keys are used only once the peer confirms them, in order, each byte once.</summary>
public sealed class AnnouncedPadSourceTests : IAsyncLifetime
{
    private readonly FakeKeyDelivery _kme = new(maxKeyPerRequest: 4);
    private readonly List<IReadOnlyList<KeyId>> _announced = [];
    private KeyBuffer _buffer = null!;
    private AnnouncedPadSource _source = null!;

    public async Task InitializeAsync()
    {
        _buffer = new KeyBuffer(_kme, SaeId.Create("broker"), new KeyBufferOptions { KeySizeBits = 256, MinKeys = 8, MaxKeys = 8 });
        _source = new AnnouncedPadSource(_buffer);
        _source.Announce += _announced.Add;
        Assert.Null(await _buffer.RefillAsync());
    }

    public async Task DisposeAsync()
    {
        _source.Dispose();
        await _buffer.DisposeAsync();
    }

    [Fact]
    public void TryTake_BeforeThePeerConfirms_GivesNothing()
    {
        Assert.Equal(2, _announced.Count);
        Assert.False(_source.TryTake(new byte[16], out _));
        Assert.Equal(2, _source.Unacknowledged().Count);
    }

    [Fact]
    public void TryTake_AfterConfirmation_HandsOutTheKeysBytesInOrderAndNeverTwice()
    {
        _source.MarkReady(_announced[0]);
        KeyId first = _announced[0][0];
        byte[] a = new byte[16], b = new byte[16];

        Assert.True(_source.TryTake(a, out PadSegment sa));
        Assert.True(_source.TryTake(b, out PadSegment sb));

        Assert.Equal(new PadSegment(first, 0, 16), sa);
        Assert.Equal(new PadSegment(first, 16, 16), sb);
        Assert.Equal(_kme.Original(first).AsSpan(0, 16).ToArray(), a);
        Assert.Equal(_kme.Original(first).AsSpan(16, 16).ToArray(), b);
        Assert.Single(_source.Unacknowledged());
    }

    [Fact]
    public void TryTake_TailTooShort_MovesToTheNextKeyAndCountsTheTailWasted()
    {
        _source.MarkReady(_announced[0]);

        Assert.True(_source.TryTake(new byte[20], out PadSegment first));
        Assert.True(_source.TryTake(new byte[20], out PadSegment second));

        Assert.NotEqual(first.KeyId, second.KeyId);
        Assert.Equal(0, second.Offset);
        Assert.Equal(8L * (32 - 20), _source.WastedBits);
    }

    [Fact]
    public void MarkReady_LaterBatchConfirmedFirst_DropsTheUnconfirmedKeysBeforeIt()
    {
        // the peer could not fetch batch 0 and went on to batch 1: batch 0 is never used
        _source.MarkReady(_announced[1]);

        Assert.True(_source.TryTake(new byte[16], out PadSegment segment));

        Assert.Equal(_announced[1][0], segment.KeyId);
    }

    [Fact]
    public void MarkReady_IdsNeverAnnounced_AreIgnored()
    {
        _source.MarkReady([KeyId.New()]);

        Assert.False(_source.TryTake(new byte[16], out _));
    }
}
