using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class FramedConnectionTests
{
    [Fact]
    public async Task ReadFrameAsync_FramesWrittenBackToBack_AreReadOneByOne()
    {
        var stream = new MemoryStream();
        await using (var writer = new FramedConnection(new NonClosingStream(stream)))
        {
            await writer.WriteFrameAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
            await writer.WriteFrameAsync(Array.Empty<byte>(), CancellationToken.None);
            await writer.WriteFrameAsync(new byte[] { 4 }, CancellationToken.None);
        }

        stream.Position = 0;
        await using var reader = new FramedConnection(stream);
        byte[] buffer = new byte[16];
        Assert.Equal((FrameReadStatus.Frame, 3), await reader.ReadFrameAsync(buffer, CancellationToken.None));
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal((FrameReadStatus.Frame, 0), await reader.ReadFrameAsync(buffer, CancellationToken.None));
        Assert.Equal((FrameReadStatus.Frame, 1), await reader.ReadFrameAsync(buffer, CancellationToken.None));
        Assert.Equal((FrameReadStatus.EndOfStream, 0), await reader.ReadFrameAsync(buffer, CancellationToken.None));
    }

    [Fact]
    public async Task ReadFrameAsync_StreamEndsInsideAFrame_IsTruncatedFrame()
    {
        await using var reader = new FramedConnection(new MemoryStream([10, 0, 0, 0, 1, 2]));
        Assert.Equal(FrameReadStatus.TruncatedFrame, (await reader.ReadFrameAsync(new byte[16], CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData(new byte[] { 17, 0, 0, 0 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    public async Task ReadFrameAsync_LengthBeyondTheBuffer_IsFrameTooLarge(byte[] prefix)
    {
        await using var reader = new FramedConnection(new MemoryStream(prefix));
        Assert.Equal(FrameReadStatus.FrameTooLarge, (await reader.ReadFrameAsync(new byte[16], CancellationToken.None)).Status);
    }

    /// <summary>Keeps the memory stream readable after the writing connection disposes its stream.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
