using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

public sealed class FramedConnectionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadFrameAsync_FramesWrittenBackToBack_AreReadOneByOne(bool blocking)
    {
        var stream = new MemoryStream();
        await using (var writer = new FramedConnection(new NonClosingStream(stream), blocking))
        {
            await writer.WriteFrameAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
            await writer.WriteFrameAsync(Array.Empty<byte>(), CancellationToken.None);
            await writer.WriteFrameAsync(new byte[] { 4 }, CancellationToken.None);
        }

        stream.Position = 0;
        await using var reader = new FramedConnection(stream, blocking);
        byte[] buffer = new byte[16];
        Assert.Equal((FrameReadStatus.Frame, 3), await reader.ReadFrameAsync(buffer, CancellationToken.None));
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal((FrameReadStatus.Frame, 0), await reader.ReadFrameAsync(buffer, CancellationToken.None));
        Assert.Equal((FrameReadStatus.Frame, 1), await reader.ReadFrameAsync(buffer, CancellationToken.None));
        Assert.Equal((FrameReadStatus.EndOfStream, 0), await reader.ReadFrameAsync(buffer, CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadFrameAsync_StreamEndsInsideAFrame_IsTruncatedFrame(bool blocking)
    {
        await using var reader = new FramedConnection(new MemoryStream([10, 0, 0, 0, 1, 2]), blocking);
        Assert.Equal(FrameReadStatus.TruncatedFrame, (await reader.ReadFrameAsync(new byte[16], CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData(new byte[] { 17, 0, 0, 0 }, false)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, false)]
    [InlineData(new byte[] { 17, 0, 0, 0 }, true)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, true)]
    public async Task ReadFrameAsync_LengthBeyondTheBuffer_IsFrameTooLarge(byte[] prefix, bool blocking)
    {
        await using var reader = new FramedConnection(new MemoryStream(prefix), blocking);
        Assert.Equal(FrameReadStatus.FrameTooLarge, (await reader.ReadFrameAsync(new byte[16], CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ReadFrameAsync_Blocking_FramesArrivingAByteAtATime_AndOneLargerThanItsBuffer_AreWhole()
    {
        var random = new Random(20261203);
        byte[][] frames = [new byte[3], new byte[100_000], new byte[0], new byte[70]];
        foreach (byte[] frame in frames)
        {
            random.NextBytes(frame);
        }

        var stream = new MemoryStream();
        await using (var writer = new FramedConnection(new NonClosingStream(stream), blocking: true))
        {
            foreach (byte[] frame in frames)
            {
                await writer.WriteFrameAsync(frame, CancellationToken.None);
            }
        }

        await using var reader = new FramedConnection(new TrickleStream(stream.ToArray()), blocking: true);
        byte[] buffer = new byte[128 * 1024];
        foreach (byte[] frame in frames)
        {
            (FrameReadStatus status, int length) = await reader.ReadFrameAsync(buffer, CancellationToken.None);
            Assert.Equal(FrameReadStatus.Frame, status);
            Assert.Equal(frame, buffer[..length]);
        }

        Assert.Equal(FrameReadStatus.EndOfStream, (await reader.ReadFrameAsync(buffer, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ReadAndWrite_Blocking_CompleteBeforeReturning()
    {
        var stream = new MemoryStream();
        await using var connection = new FramedConnection(new NonClosingStream(stream), blocking: true);

        Assert.True(connection.WriteFrameAsync(new byte[] { 1 }, CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal(5, stream.Length);
    }

    /// <summary>Hands out at most one byte per read, as a slow socket may.</summary>
    private sealed class TrickleStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == bytes.Length || count == 0)
            {
                return 0;
            }

            buffer[offset] = bytes[_position++];
            return 1;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
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
