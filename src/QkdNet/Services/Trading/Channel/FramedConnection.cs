using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// Length-prefixed frames (4-byte little-endian length, then the frame) over a stream, read and
/// written through System.IO.Pipelines. Carries protected frames only, so nothing here is secret.
/// One reader and one writer may use it at the same time.
/// </summary>
public sealed class FramedConnection : IAsyncDisposable
{
    private const int PrefixBytes = 4;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;

    /// <summary>Frames over <paramref name="stream"/>, which this connection owns and disposes.</summary>
    public FramedConnection(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>Writes one frame and flushes it.</summary>
    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_writer.GetSpan(PrefixBytes), frame.Length);
        _writer.Advance(PrefixBytes);
        _writer.Write(frame.Span);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the next frame into <paramref name="destination"/>; the length read comes back with <see cref="FrameReadStatus.Frame"/>.</summary>
    public async ValueTask<(FrameReadStatus Status, int Length)> ReadFrameAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;
            if (buffer.Length >= PrefixBytes)
            {
                int length = ReadPrefix(buffer);
                if (length < 0 || length > destination.Length)
                {
                    _reader.AdvanceTo(buffer.Start);
                    return (FrameReadStatus.FrameTooLarge, 0);
                }

                if (buffer.Length >= PrefixBytes + length)
                {
                    buffer.Slice(PrefixBytes, length).CopyTo(destination.Span);
                    _reader.AdvanceTo(buffer.GetPosition(PrefixBytes + length));
                    return (FrameReadStatus.Frame, length);
                }
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                bool empty = buffer.IsEmpty;
                _reader.AdvanceTo(buffer.End);
                return (empty ? FrameReadStatus.EndOfStream : FrameReadStatus.TruncatedFrame, 0);
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static int ReadPrefix(ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[PrefixBytes];
        buffer.Slice(0, PrefixBytes).CopyTo(prefix);
        return BinaryPrimitives.ReadInt32LittleEndian(prefix);
    }

    /// <summary>Completes both pipes and disposes the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.CompleteAsync().ConfigureAwait(false);
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
