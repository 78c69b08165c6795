using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// Length-prefixed frames (4-byte little-endian length, then the frame) over a stream. Carries protected frames
/// only, so nothing here is secret. One reader and one writer may use it at the same time.
/// By default frames are read and written through System.IO.Pipelines (asynchronous I/O). A <em>blocking</em>
/// connection instead makes the stream's synchronous calls on the calling thread, for a connection served by a thread
/// of its own: its read is one blocking receive that may bring several frames at once, its write one send of the
/// prefix and frame together, and neither hands work to the thread pool or the socket engine's epoll thread (on a
/// socket never used asynchronously, so still blocking at the OS level). Its ValueTasks complete before they return.
/// </summary>
public sealed class FramedConnection : IAsyncDisposable
{
    private const int PrefixBytes = 4;
    private const int BlockingReadBufferBytes = 64 * 1024;
    private readonly Stream _stream;
    private readonly PipeReader? _reader;
    private readonly PipeWriter? _writer;
    private byte[] _readBuffer = [];
    private int _readStart;
    private int _readEnd;
    private byte[] _writeBuffer = [];

    /// <summary>Frames over <paramref name="stream"/>, which this connection owns and disposes, through pipelines.</summary>
    public FramedConnection(Stream stream)
        : this(stream, blocking: false)
    {
    }

    /// <summary>
    /// Frames over <paramref name="stream"/>, which this connection owns and disposes; with <paramref name="blocking"/>
    /// through the stream's synchronous Read and Write on the calling thread (see the type's remarks).
    /// </summary>
    public FramedConnection(Stream stream, bool blocking)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        IsBlocking = blocking;
        if (blocking)
        {
            _readBuffer = new byte[BlockingReadBufferBytes];
        }
        else
        {
            _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        }
    }

    /// <summary>Whether reads and writes are the stream's synchronous calls on the calling thread.</summary>
    public bool IsBlocking { get; }

    /// <summary>Writes one frame and flushes it.</summary>
    public ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (IsBlocking)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteFrameBlocking(frame.Span);
            return ValueTask.CompletedTask;
        }

        return WriteFramePipelinedAsync(frame, cancellationToken);
    }

    /// <summary>Reads the next frame into <paramref name="destination"/>; the length read comes back with <see cref="FrameReadStatus.Frame"/>.</summary>
    public ValueTask<(FrameReadStatus Status, int Length)> ReadFrameAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (IsBlocking)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(ReadFrameBlocking(destination.Span));
        }

        return ReadFramePipelinedAsync(destination, cancellationToken);
    }

    /// <summary>Completes both pipes (when pipelined) and disposes the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.CompleteAsync().ConfigureAwait(false);
        }

        if (_reader is not null)
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask WriteFramePipelinedAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_writer!.GetSpan(PrefixBytes), frame.Length);
        _writer.Advance(PrefixBytes);
        _writer.Write(frame.Span);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<(FrameReadStatus Status, int Length)> ReadFramePipelinedAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read = await _reader!.ReadAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>The prefix and the frame in one Write (one send, one TLS record), from a buffer kept for the next.</summary>
    private void WriteFrameBlocking(ReadOnlySpan<byte> frame)
    {
        int total = PrefixBytes + frame.Length;
        if (_writeBuffer.Length < total)
        {
            _writeBuffer = new byte[Math.Max(total, 2 * _writeBuffer.Length)];
        }

        BinaryPrimitives.WriteInt32LittleEndian(_writeBuffer, frame.Length);
        frame.CopyTo(_writeBuffer.AsSpan(PrefixBytes));
        _stream.Write(_writeBuffer, 0, total);
        _stream.Flush();
    }

    /// <summary>Hands out the next buffered frame, reading (blocking) only when the buffer holds no whole frame.</summary>
    private (FrameReadStatus Status, int Length) ReadFrameBlocking(Span<byte> destination)
    {
        while (true)
        {
            int buffered = _readEnd - _readStart;
            int needed = PrefixBytes;
            if (buffered >= PrefixBytes)
            {
                int length = BinaryPrimitives.ReadInt32LittleEndian(_readBuffer.AsSpan(_readStart));
                if (length < 0 || length > destination.Length)
                {
                    return (FrameReadStatus.FrameTooLarge, 0);
                }

                if (buffered >= PrefixBytes + length)
                {
                    _readBuffer.AsSpan(_readStart + PrefixBytes, length).CopyTo(destination);
                    _readStart += PrefixBytes + length;
                    return (FrameReadStatus.Frame, length);
                }

                needed = PrefixBytes + length;
            }

            MakeRoom(needed);
            int read = _stream.Read(_readBuffer, _readEnd, _readBuffer.Length - _readEnd);
            if (read == 0)
            {
                return (buffered == 0 ? FrameReadStatus.EndOfStream : FrameReadStatus.TruncatedFrame, 0);
            }

            _readEnd += read;
        }
    }

    /// <summary>Moves the partial frame to the front of the read buffer (growing it for a frame larger than the buffer).</summary>
    private void MakeRoom(int frameBytes)
    {
        int buffered = _readEnd - _readStart;
        if (_readStart > 0 && (buffered == 0 || _readBuffer.Length - _readStart < frameBytes))
        {
            _readBuffer.AsSpan(_readStart, buffered).CopyTo(_readBuffer);
            _readStart = 0;
            _readEnd = buffered;
        }

        if (_readBuffer.Length < frameBytes)
        {
            Array.Resize(ref _readBuffer, frameBytes);
        }
    }

    private static int ReadPrefix(ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[PrefixBytes];
        buffer.Slice(0, PrefixBytes).CopyTo(prefix);
        return BinaryPrimitives.ReadInt32LittleEndian(prefix);
    }
}
