using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// The receiving end of one direction of the secure trade channel. A frame is checked in order —
/// format, length, epoch and sequence (replay, reordering), pad lookup, tag — and decrypted only once its tag
/// matches; any failure is returned as an <see cref="OpenStatus"/> and leaves the opener's state as
/// it was, so the next genuine frame still opens. Pad is consumed (and zeroed) only for frames that
/// open. The opener outlives a connection: keep it across reconnects and the sender's sequence
/// numbers carry on. Not thread-safe: one receiver at a time.
/// </summary>
public sealed class MessageOpener : IDisposable
{
    private readonly IPadLookup _lookup;
    private readonly AuthenticationRole _sender;
    private readonly SequenceWindow _window = new();
    private byte[] _pad = new byte[256];
    private AesGcm? _aes;
    private PadSegment _aesKey;

    /// <summary>An opener for the direction <paramref name="sender"/> sends.</summary>
    public MessageOpener(IPadLookup lookup, AuthenticationRole sender)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        _lookup = lookup;
        _sender = sender;
    }

    /// <summary>The newest sequence number opened in <see cref="LastEpoch"/>; 0 before the first.</summary>
    public ulong LastSequence => _window.Newest;

    /// <summary>The sender epoch of the newest message opened (a later one means the sender restarted); 0 before the first.</summary>
    public ulong LastEpoch => _window.Epoch;

    /// <summary>Messages per mode, rejections by reason, rekeys and key bits used.</summary>
    public ChannelCounters Counters { get; } = new();

    /// <summary>Verifies <paramref name="frame"/> and decrypts its payload into <paramref name="payload"/>; the result says why not.</summary>
    public OpenResult Open(ReadOnlySpan<byte> frame, Span<byte> payload)
    {
        OpenResult result = TryOpen(frame, payload);
        if (!result.IsOpened)
        {
            Counters.CountRejected(result.Status);
        }

        return result;
    }

    /// <summary>Zeroes the pad scratch and the AES key.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_pad);
        _aes?.Dispose();
        _aes = null;
    }

    private static OpenStatus FromLookup(PadLookupStatus status) => status switch
    {
        PadLookupStatus.Found => OpenStatus.Opened,
        PadLookupStatus.UnknownKey => OpenStatus.UnknownKey,
        PadLookupStatus.AlreadyUsed => OpenStatus.PadAlreadyUsed,
        _ => OpenStatus.PadOutOfRange,
    };

    private OpenResult TryOpen(ReadOnlySpan<byte> frame, Span<byte> payload)
    {
        OpenStatus status = ChannelHeader.TryRead(frame, out ChannelHeader header);
        if (status != OpenStatus.Opened)
        {
            return OpenResult.Rejected(status);
        }

        long expected = ChannelFrame.Length(header.Mode, header.PayloadLength);
        if (frame.Length != expected)
        {
            return OpenResult.Rejected(frame.Length < expected ? OpenStatus.Truncated : OpenStatus.TrailingBytes);
        }

        status = _window.Check(header.Epoch, header.Sequence);
        if (status != OpenStatus.Opened)
        {
            return OpenResult.Rejected(status);
        }

        if (payload.Length < header.PayloadLength)
        {
            return OpenResult.Rejected(OpenStatus.DestinationTooSmall);
        }

        status = header.Mode == ProtectionMode.OneTimePad
            ? OpenOneTimePad(frame, header, payload[..header.PayloadLength])
            : OpenAes(frame, header, payload[..header.PayloadLength]);
        if (status != OpenStatus.Opened)
        {
            return OpenResult.Rejected(status);
        }

        _window.Accept(header.Epoch, header.Sequence);
        return new OpenResult(OpenStatus.Opened, header.Mode, header.Sequence, header.PayloadLength);
    }

    private OpenStatus OpenOneTimePad(ReadOnlySpan<byte> frame, ChannelHeader header, Span<byte> payload)
    {
        int padLength = KeyBudget.OneTimePadBytes(header.PayloadLength);
        if (_pad.Length < padLength)
        {
            CryptographicOperations.ZeroMemory(_pad);
            _pad = new byte[padLength];
        }

        var segment = new PadSegment(header.KeyId, header.Offset, padLength);
        Span<byte> pad = _pad.AsSpan(0, padLength);
        try
        {
            OpenStatus status = FromLookup(_lookup.TryRead(segment, pad));
            if (status != OpenStatus.Opened)
            {
                return status;
            }

            int authenticated = ChannelHeader.Size + header.PayloadLength;
            Span<byte> tag = stackalloc byte[MessageAuthenticator.TagBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(tag, MessageAuthenticator.ComputeTag(
                BinaryPrimitives.ReadUInt64LittleEndian(pad),
                BinaryPrimitives.ReadUInt64LittleEndian(pad[8..]),
                frame[..authenticated],
                header.Sequence,
                _sender));
            if (!CryptographicOperations.FixedTimeEquals(tag, frame[authenticated..]))
            {
                return OpenStatus.TagMismatch;
            }

            PadXor.Apply(frame.Slice(ChannelHeader.Size, header.PayloadLength), pad[KeyBudget.TagKeyBytes..], payload);
            _lookup.Consume(segment);
            Counters.CountMessage(ProtectionMode.OneTimePad, 8L * padLength);
            return OpenStatus.Opened;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pad);
        }
    }

    private OpenStatus OpenAes(ReadOnlySpan<byte> frame, ChannelHeader header, Span<byte> payload)
    {
        var segment = new PadSegment(header.KeyId, header.Offset, KeyBudget.AesKeyBytes);
        AesGcm? aes = _aes;
        bool newKey = aes is null || segment != _aesKey;
        if (newKey)
        {
            Span<byte> key = stackalloc byte[KeyBudget.AesKeyBytes];
            OpenStatus status = FromLookup(_lookup.TryRead(segment, key));
            if (status != OpenStatus.Opened)
            {
                return status;
            }

            aes = new AesGcm(key, ChannelFrame.AesTagBytes);
            CryptographicOperations.ZeroMemory(key);
        }

        Span<byte> nonce = stackalloc byte[AesGcm.NonceByteSizes.MaxSize];
        ChannelFrame.WriteNonce(nonce, _sender, header.Sequence);
        int headerAndPayload = ChannelHeader.Size + header.PayloadLength;
        try
        {
            aes!.Decrypt(nonce, frame.Slice(ChannelHeader.Size, header.PayloadLength), frame.Slice(headerAndPayload, ChannelFrame.AesTagBytes), payload, frame[..ChannelHeader.Size]);
        }
        catch (AuthenticationTagMismatchException)
        {
            // The API reports a forgery by throwing (and clears the output); here it is an expected outcome.
            if (newKey)
            {
                aes!.Dispose();
            }

            return OpenStatus.TagMismatch;
        }

        if (newKey)
        {
            // A key is adopted only once a frame under it has verified, so a forged header cannot displace it.
            _aes?.Dispose();
            _aes = aes;
            _aesKey = segment;
            _lookup.Consume(segment);
            Counters.CountRekey();
        }

        Counters.CountMessage(ProtectionMode.AesGcm, 0);
        return OpenStatus.Opened;
    }
}
