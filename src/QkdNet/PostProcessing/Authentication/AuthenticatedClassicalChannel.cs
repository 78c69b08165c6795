using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdNet.PostProcessing.Channel;

namespace QkdNet.PostProcessing.Authentication;

/// <summary>
/// Wegman-Carter authentication of every message on an inner classical channel: each message
/// goes out as payload || 8-byte tag, and a received message whose tag is wrong, or that is
/// replayed, reordered, truncated or reflected, is rejected with <see cref="AuthenticationFailedException"/>.
/// </summary>
/// <remarks>
/// <para>Keys: each direction has its own pool, mirrored at the other end (Alice's send pool holds
/// the same bits as Bob's receive pool), so the two ends consume in step however sends and receives
/// interleave. The first message of a direction takes <see cref="HashKeyBits"/> + <see cref="PadBits"/>
/// bits, every later one <see cref="PadBits"/>: the hash key is reused for the direction, the pad never
/// (see <see cref="MessageAuthenticator"/>). Forgery probability per attempt is at most
/// (ceil(bytes / 8) + 2) / 2^64.</para>
/// <para>An empty pool makes <see cref="SendAsync"/> throw <see cref="AuthenticationKeyExhaustedException"/>
/// before anything is sent; nothing ever goes out unauthenticated. After a failed check the channel is
/// faulted and every later receive fails too. One sender and one receiver at a time, as for the inner
/// channel. Dispose zeroes the hash keys.</para>
/// </remarks>
public sealed class AuthenticatedClassicalChannel : IClassicalChannel, IDisposable
{
    /// <summary>Bits of hash key taken from a direction's pool before its first message.</summary>
    public const int HashKeyBits = 64;

    /// <summary>Bits of one-time pad taken from a direction's pool for every message.</summary>
    public const int PadBits = 64;

    /// <summary>Bytes the tag adds to every message on the inner channel.</summary>
    public const int TagBytes = MessageAuthenticator.TagBytes;

    private readonly IClassicalChannel _inner;
    private readonly AuthenticationKeyPool _sendPool;
    private readonly AuthenticationKeyPool _receivePool;
    private readonly AuthenticationRole _role;
    private readonly AuthenticationDirectionState _send = new();
    private readonly AuthenticationDirectionState _receive = new();
    private long _bytesSent;
    private bool _faulted;
    private bool _disposed;

    /// <summary>
    /// Wraps <paramref name="inner"/>. <paramref name="sendPool"/> must mirror the other end's receive
    /// pool and <paramref name="receivePool"/> its send pool; <paramref name="role"/> must differ from
    /// the other end's.
    /// </summary>
    public AuthenticatedClassicalChannel(
        IClassicalChannel inner, AuthenticationKeyPool sendPool, AuthenticationKeyPool receivePool, AuthenticationRole role)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(sendPool);
        ArgumentNullException.ThrowIfNull(receivePool);
        if (ReferenceEquals(sendPool, receivePool))
        {
            throw new ArgumentException("The send and receive directions need separate pools to stay in step.", nameof(receivePool));
        }

        _inner = inner;
        _sendPool = sendPool;
        _receivePool = receivePool;
        _role = role;
    }

    /// <summary>Messages sent from this end so far.</summary>
    public long MessagesSent => _send.Sequence;

    /// <summary>Payload bytes sent from this end so far, tags not counted.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Messages received and authenticated so far.</summary>
    public long MessagesReceived => _receive.Sequence;

    /// <summary>
    /// Upper bound on the probability that one forged or altered message of at most
    /// <paramref name="messageBytes"/> bytes passes: (ceil(bytes / 8) + 2) / 2^64.
    /// </summary>
    public static double ForgeryProbabilityBound(int messageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageBytes);
        return MessageAuthenticator.ForgeryProbabilityBound(messageBytes);
    }

    /// <summary>Sends <paramref name="message"/> with its tag.</summary>
    /// <exception cref="AuthenticationKeyExhaustedException">The send pool is too short; nothing was sent.</exception>
    public async ValueTask SendAsync(byte[] message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ulong pad = NextPad(_send, _sendPool);
        var framed = new byte[message.Length + TagBytes];
        message.CopyTo(framed, 0);
        ulong tag = MessageAuthenticator.ComputeTag(_send.HashKey, pad, message, (ulong)_send.Sequence, _role);
        BinaryPrimitives.WriteUInt64LittleEndian(framed.AsSpan(message.Length), tag);
        _send.Sequence++;
        Interlocked.Add(ref _bytesSent, message.Length);
        await _inner.SendAsync(framed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Receives the next message and checks its tag.</summary>
    /// <exception cref="AuthenticationFailedException">The tag is wrong, or an earlier message failed.</exception>
    /// <exception cref="AuthenticationKeyExhaustedException">The receive pool is too short; the channel is faulted.</exception>
    public async ValueTask<byte[]> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted)
        {
            throw new AuthenticationFailedException(
                "The channel is faulted: an earlier message failed authentication or could not be checked for want of key.");
        }

        byte[] framed = await _inner.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        long sequence = _receive.Sequence;
        ulong pad;
        try
        {
            pad = NextPad(_receive, _receivePool);
        }
        catch (AuthenticationKeyExhaustedException)
        {
            _faulted = true; // the message is gone unverified; the directions can no longer stay in step
            throw;
        }

        AuthenticationRole sender = _role == AuthenticationRole.Alice ? AuthenticationRole.Bob : AuthenticationRole.Alice;
        if (framed.Length < TagBytes)
        {
            _faulted = true;
            throw new AuthenticationFailedException($"Message {sequence} is shorter than a tag and failed authentication.");
        }

        ReadOnlySpan<byte> payload = framed.AsSpan(0, framed.Length - TagBytes);
        Span<byte> expected = stackalloc byte[TagBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(
            expected, MessageAuthenticator.ComputeTag(_receive.HashKey, pad, payload, (ulong)sequence, sender));
        if (!CryptographicOperations.FixedTimeEquals(expected, framed.AsSpan(payload.Length)))
        {
            _faulted = true;
            throw new AuthenticationFailedException($"Message {sequence} failed authentication.");
        }

        _receive.Sequence++;
        return payload.ToArray();
    }

    /// <summary>Forgets the hash keys (zeroed); later sends and receives throw. The pools belong to the caller.</summary>
    public void Dispose()
    {
        _disposed = true;
        _send.HashKey = 0;
        _receive.HashKey = 0;
    }

    /// <summary>The next pad of a direction, taking the hash key first on the direction's first message.</summary>
    private static ulong NextPad(AuthenticationDirectionState direction, AuthenticationKeyPool pool)
    {
        Span<ulong> words = stackalloc ulong[2];
        Span<ulong> take = direction.HasHashKey ? words[..1] : words;
        if (!pool.TryTakeWords(take))
        {
            throw new AuthenticationKeyExhaustedException(
                $"The authentication key pool holds {pool.BitsAvailable} bits; message {direction.Sequence} needs {take.Length * 64}.");
        }

        if (!direction.HasHashKey)
        {
            direction.HashKey = words[0];
            direction.HasHashKey = true;
        }

        ulong pad = take[^1];
        words.Clear();
        return pad;
    }
}
