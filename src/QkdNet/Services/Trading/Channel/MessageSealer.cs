using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdNet.PostProcessing.Authentication;

namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// The sending end of one direction of the secure trade channel. Each payload is XORed with fresh
/// pad from <see cref="IPadSource"/> and tagged Wegman-Carter style (<see cref="MessageAuthenticator"/>)
/// over header and ciphertext, with a per-message hash key and tag pad taken from the same pad
/// (<see cref="KeyBudget.TagKeyBytes"/>). When pad runs dry the <see cref="FallbackPolicy"/> decides:
/// wait, AES-256-GCM keyed from 32 pad bytes (rekeyed per <see cref="ChannelOptions"/>), or fail.
/// Sequence numbers start at 1 and survive reconnects (keep the sealer, open a new session); a new
/// sealer (a restarted process) starts a new <see cref="Epoch"/>, so its sequence 1 is not a replay.
/// Not thread-safe: one sender at a time.
/// </summary>
public sealed class MessageSealer : IDisposable
{
    private static long s_lastEpoch; // the last epoch handed out in this process, so none repeats
    private readonly IPadSource _source;
    private readonly AuthenticationRole _role;
    private readonly ChannelOptions _options;
    private byte[] _pad = new byte[256];
    private AesGcm? _aes;
    private PadSegment _aesKey;
    private long _aesMessages;
    private DateTimeOffset _aesSince;

    /// <summary>A sealer for the direction <paramref name="role"/> sends, continuing at <paramref name="nextSequence"/> (at least 1).</summary>
    public MessageSealer(IPadSource source, AuthenticationRole role, ChannelOptions options, ulong nextSequence = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(nextSequence);
        options.Validate();
        _source = source;
        _role = role;
        _options = options;
        NextSequence = nextSequence;
        Epoch = NewEpoch(options.TimeProvider);
    }

    /// <summary>
    /// This sender's session, written in every header: its start time in microseconds since the Unix epoch (on the
    /// options' clock), raised past the last one taken in this process so two sealers never share one. A receiver
    /// accepts a later epoch as a restart and refuses earlier ones as replays, so a restarted sender needs a clock
    /// that has moved on (a clock set back past the old session's start is refused until it catches up).
    /// </summary>
    public ulong Epoch { get; }

    /// <summary>The sequence number the next sealed message gets.</summary>
    public ulong NextSequence { get; private set; }

    /// <summary>Messages per mode, refusals, rekeys and key bits used.</summary>
    public ChannelCounters Counters { get; } = new();

    /// <summary>
    /// Seals <paramref name="payload"/> into <paramref name="frame"/> (at least
    /// <see cref="ChannelFrame.MaxLength"/> bytes). Under <see cref="FallbackPolicy.Wait"/> a dry pad
    /// source gives <see cref="SealStatus.MustWait"/> (see <see cref="SealAsync"/>).
    /// </summary>
    public SealResult Seal(ReadOnlySpan<byte> payload, Span<byte> frame)
    {
        if (frame.Length < ChannelFrame.MaxLength(payload.Length))
        {
            return SealResult.Refused(SealStatus.DestinationTooSmall);
        }

        int padLength = KeyBudget.OneTimePadBytes(payload.Length);
        if (_pad.Length < padLength)
        {
            CryptographicOperations.ZeroMemory(_pad);
            _pad = new byte[padLength];
        }

        Span<byte> pad = _pad.AsSpan(0, padLength);
        if (_source.TryTake(pad, out PadSegment segment))
        {
            try
            {
                return SealOneTimePad(payload, frame, pad, segment);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pad);
            }
        }

        switch (_options.Policy)
        {
            case FallbackPolicy.Aes:
                return SealAes(payload, frame);
            case FallbackPolicy.Wait:
                return SealResult.Refused(SealStatus.MustWait);
            default:
                Counters.CountRefused();
                return SealResult.Refused(SealStatus.PadExhausted);
        }
    }

    /// <summary>
    /// <see cref="Seal"/>, waiting for pad under <see cref="FallbackPolicy.Wait"/> until it arrives or
    /// <paramref name="cancellationToken"/> fires (then <see cref="SealStatus.WaitCancelled"/>).
    /// </summary>
    public async ValueTask<SealResult> SealAsync(ReadOnlyMemory<byte> payload, Memory<byte> frame, CancellationToken cancellationToken)
    {
        SealResult result = Seal(payload.Span, frame.Span);
        while (result.Status == SealStatus.MustWait)
        {
            // The wait handle is taken before the second try, so pad added in between still wakes us;
            // on the usual path (pad at hand) no handle is taken and nothing is allocated.
            ValueTask arrived = _source.WaitForPadAsync(cancellationToken);
            result = Seal(payload.Span, frame.Span);
            if (result.Status != SealStatus.MustWait)
            {
                break;
            }

            Counters.CountWait();
            try
            {
                await arrived.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Counters.CountRefused();
                return SealResult.Refused(SealStatus.WaitCancelled);
            }

            result = Seal(payload.Span, frame.Span);
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

    private static ulong NewEpoch(TimeProvider time)
    {
        long micros = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        long last = Interlocked.Read(ref s_lastEpoch);
        while (true)
        {
            long next = Math.Max(micros, last + 1);
            long seen = Interlocked.CompareExchange(ref s_lastEpoch, next, last);
            if (seen == last)
            {
                return (ulong)next;
            }

            last = seen;
        }
    }

    private SealResult SealOneTimePad(ReadOnlySpan<byte> payload, Span<byte> frame, ReadOnlySpan<byte> pad, PadSegment segment)
    {
        ulong sequence = NextSequence++;
        int authenticated = ChannelHeader.Size + payload.Length;
        new ChannelHeader(ProtectionMode.OneTimePad, sequence, segment.KeyId, segment.Offset, payload.Length, Epoch).Write(frame);
        PadXor.Apply(payload, pad[KeyBudget.TagKeyBytes..], frame.Slice(ChannelHeader.Size, payload.Length));
        ulong tag = MessageAuthenticator.ComputeTag(
            BinaryPrimitives.ReadUInt64LittleEndian(pad),
            BinaryPrimitives.ReadUInt64LittleEndian(pad[8..]),
            frame[..authenticated],
            sequence,
            _role);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[authenticated..], tag);
        Counters.CountMessage(ProtectionMode.OneTimePad, 8L * pad.Length);
        return new SealResult(SealStatus.Sealed, ProtectionMode.OneTimePad, sequence, authenticated + MessageAuthenticator.TagBytes);
    }

    private SealResult SealAes(ReadOnlySpan<byte> payload, Span<byte> frame)
    {
        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        if (_aes is null || _aesMessages >= _options.AesRekeyMessages || now - _aesSince >= _options.AesRekeyInterval)
        {
            Span<byte> key = stackalloc byte[KeyBudget.AesKeyBytes];
            if (!_source.TryTake(key, out PadSegment segment))
            {
                // Past its limits the old key may not go on; without a new one the message cannot be sent.
                Counters.CountRefused();
                return SealResult.Refused(SealStatus.PadExhausted);
            }

            _aes?.Dispose();
            _aes = new AesGcm(key, ChannelFrame.AesTagBytes);
            CryptographicOperations.ZeroMemory(key);
            _aesKey = segment;
            _aesMessages = 0;
            _aesSince = now;
            Counters.CountRekey();
        }

        ulong sequence = NextSequence++;
        _aesMessages++;
        int headerAndPayload = ChannelHeader.Size + payload.Length;
        new ChannelHeader(ProtectionMode.AesGcm, sequence, _aesKey.KeyId, _aesKey.Offset, payload.Length, Epoch).Write(frame);
        Span<byte> nonce = stackalloc byte[AesGcm.NonceByteSizes.MaxSize];
        ChannelFrame.WriteNonce(nonce, _role, sequence);
        _aes.Encrypt(
            nonce,
            payload,
            frame.Slice(ChannelHeader.Size, payload.Length),
            frame.Slice(headerAndPayload, ChannelFrame.AesTagBytes),
            frame[..ChannelHeader.Size]);
        Counters.CountMessage(ProtectionMode.AesGcm, 0);
        return new SealResult(SealStatus.Sealed, ProtectionMode.AesGcm, sequence, headerAndPayload + ChannelFrame.AesTagBytes);
    }
}
